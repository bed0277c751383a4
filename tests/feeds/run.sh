#!/bin/sh
# run.sh - check rota's iCalendar feeds with two real parsers: ical.js (npm,
# the parser of Thunderbird and many web calendars) and python3-icalendar.
#
# usage: tests/feeds/run.sh ROTA [DIR...]
#
# With DIRs (each a feed directory: team.ics, agents/, ranks/): run both
# checkers on them, require both to pass and to read every event as the
# same UTC instants, and check `ROTA who` against each DIR/team.ics.
# Without DIRs: solve the example teams with
#   ROTA solve FILE [--month M] -o DIR --time-limit 30
# (support-desk.xml twice, for stable UIDs, and berlin-dst.xml), then check
# those directories the same way.  One summary line per check; exit 1 on
# any failure (the work directory is kept for a look).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
if [ $# -lt 1 ]; then
	echo "usage: tests/feeds/run.sh ROTA [DIR...]" >&2
	exit 2
fi
case $1 in
/*) rota=$1 ;;
*) rota=$(pwd)/$1 ;;
esac
shift
PY=/usr/bin/python3	# Debian's python, which sees python3-icalendar
tmp=$(mktemp -d /tmp/rota-feeds-XXXXXX)
fail=0

ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

if [ ! -f "$here/node_modules/ical.js/package.json" ]; then
	bad "ical.js is not installed (run: cd tests/feeds && npm ci)"
	exit 1
fi

# Unfolded UID lines of a feed, sorted.
uids() {
	awk '{ sub(/\r$/, "") }
	    /^[ \t]/ { line = line substr($0, 2); next }
	    { if (NR > 1) print line; line = $0 }
	    END { print line }' "$1" | grep '^UID:' | sort
}

check_dirs() {
	node "$here/check_icaljs.js" "$@" >"$tmp/js.out" 2>&1
	js=$?
	"$PY" "$here/check_icalendar.py" "$@" >"$tmp/py.out" 2>&1
	py=$?
	grep -v '^event \|^ok ' "$tmp/js.out" | sed 's/^/     ical.js: /'
	grep -v '^event \|^ok ' "$tmp/py.out" | sed 's/^/     icalendar: /'
	n=$(grep -c '^ok ' "$tmp/js.out")
	if [ $js = 0 ]; then ok "ical.js: $n files parse and pass"
	else bad "ical.js: $(grep -c '^FAIL' "$tmp/js.out") problems"; fi
	n=$(grep -c '^ok ' "$tmp/py.out")
	if [ $py = 0 ]; then ok "python3-icalendar: $n files parse and pass"
	else bad "python3-icalendar: $(grep -c '^FAIL' "$tmp/py.out") problems"; fi
	grep '^event ' "$tmp/js.out" | sort >"$tmp/js.ev"
	grep '^event ' "$tmp/py.out" | sort >"$tmp/py.ev"
	n=$(wc -l <"$tmp/js.ev")
	if [ "$n" -gt 0 ] && cmp -s "$tmp/js.ev" "$tmp/py.ev"; then
		ok "instants: both parsers read the same $n events"
	else
		bad "instants: the parsers disagree ($n events from ical.js)"
		diff "$tmp/js.ev" "$tmp/py.ev" | head -20 | sed 's/^/     /'
	fi
	for d in "$@"; do
		[ -f "$d/team.ics" ] || continue
		if "$PY" "$here/check_who.py" "$rota" "$d/team.ics" >"$tmp/who.out" 2>&1; then
			ok "$(tail -n 1 "$tmp/who.out" | sed 's/^ok //')"
		else
			sed 's/^/     /' "$tmp/who.out"
			bad "rota who disagrees with $d/team.ics"
		fi
	done
}

if [ $# -gt 0 ]; then
	check_dirs "$@"
else
	ex="$top/configs/examples"
	solve() {	# DIR, then solve's arguments
		out=$1
		shift
		"$rota" solve "$@" -o "$out" --time-limit 30 >"$out.log" 2>&1
		rc=$?
		# 4 means a roster with gaps: still a roster, with feeds.
		if { [ $rc = 0 ] || [ $rc = 4 ]; } && [ -f "$out/team.ics" ]; then
			ok "rota solve $* (exit $rc)"
		else
			bad "rota solve $* -o $out: exit $rc, no feeds"
			sed 's/^/     /' "$out.log" | head -10
		fi
	}
	solve "$tmp/desk1" "$ex/support-desk.xml" --month 2026-12
	solve "$tmp/desk2" "$ex/support-desk.xml" --month 2026-12
	solve "$tmp/berlin" "$ex/berlin-dst.xml"
	if [ -f "$tmp/desk1/team.ics" ] && [ -f "$tmp/desk2/team.ics" ]; then
		uids "$tmp/desk1/team.ics" >"$tmp/uid1"
		uids "$tmp/desk2/team.ics" >"$tmp/uid2"
		if [ -s "$tmp/uid1" ] && cmp -s "$tmp/uid1" "$tmp/uid2"; then
			ok "UIDs: two solves of support-desk.xml give the same $(wc -l <"$tmp/uid1") UIDs"
		else
			bad "UIDs: two solves of support-desk.xml differ"
			diff "$tmp/uid1" "$tmp/uid2" | head -10 | sed 's/^/     /'
		fi
	fi
	dirs=""
	for d in "$tmp/desk1" "$tmp/berlin"; do
		[ -f "$d/team.ics" ] && dirs="$dirs $d"
	done
	# shellcheck disable=SC2086
	[ -n "$dirs" ] && check_dirs $dirs
fi

if [ $fail = 0 ]; then
	rm -rf "$tmp"
	echo "feeds: all checks passed"
else
	echo "feeds: FAILED (work files kept in $tmp)"
fi
exit $fail
