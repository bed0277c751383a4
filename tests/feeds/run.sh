#!/bin/sh
# run.sh - check rota's iCalendar feeds with three real parsers: ical.js
# (npm, the parser of Thunderbird and many web calendars), python3-icalendar
# and libical (through rota's reader: $LIBICAL_EVENTS, built by `make
# feeds` from tests/feeds/libical_events.c).
#
# usage: tests/feeds/run.sh ROTA [DIR...]
#
# With DIRs (each a feed directory: team.ics, agents/, ranks/): run the
# three checkers on them, require all to pass (libical: no error or
# warning, RFC 5546 restrictions included) and to read every event as the
# same UTC instants and the same local start, and check `ROTA who` against
# each DIR/team.ics.  Without DIRs: solve the example teams with
#   ROTA solve FILE [--month M] -o DIR --time-limit 30
# (support-desk.xml; berlin-dst.xml in October and March and
# tests/data/newyork-dst.xml in March and October, whose night duties cross
# each DST switch and must read as 11 and 13 hours), then check those
# directories the same way, and that two solves of support-desk.xml give
# the same UIDs.  (UIDs and SEQUENCE across revisions are checked by
# tests/publish/run.sh.)  One summary line per check; exit 1 on
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

check_dirs() {
	# make feeds says where the libical checker is; by hand, the default
	# build directory is the likely place.
	: "${LIBICAL_EVENTS:=$top/build/tests/libical_events}"
	if [ -x "$LIBICAL_EVENTS" ]; then
		"$LIBICAL_EVENTS" "$@" >"$tmp/lic.out" 2>&1
		lic=$?
		grep -v '^event \|^ok ' "$tmp/lic.out" | sed 's/^/     libical: /'
		n=$(grep -c '^ok ' "$tmp/lic.out")
		if [ $lic = 0 ]; then ok "libical: $n files parse with no error or warning"
		else bad "libical: $(grep -c '^FAIL' "$tmp/lic.out") problems"; fi
	else
		bad "libical: no checker (set LIBICAL_EVENTS; make feeds builds it)"
		: >"$tmp/lic.out"
	fi
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
		ok "instants: ical.js and icalendar read the same $n events (UTC start, end, local start)"
	else
		bad "instants: the parsers disagree ($n events from ical.js)"
		diff "$tmp/js.ev" "$tmp/py.ev" | head -20 | sed 's/^/     /'
	fi
	grep '^event ' "$tmp/lic.out" | sort >"$tmp/lic.ev"
	if [ "$n" -gt 0 ] && cmp -s "$tmp/js.ev" "$tmp/lic.ev"; then
		ok "instants: libical reads the same $n events"
	else
		bad "instants: libical disagrees with ical.js"
		diff "$tmp/js.ev" "$tmp/lic.ev" | head -20 | sed 's/^/     /'
	fi
	# The DST nights: every parser agrees (above); here their lengths.
	for d in "$@"; do
		want=$(cat "$d.dst" 2>/dev/null) || continue
		got=$(awk -v f="$d/team.ics" '$2 == f {
		    cmd = "date -u -d " $4 " +%s"; cmd | getline s; close(cmd)
		    cmd = "date -u -d " $5 " +%s"; cmd | getline e; close(cmd)
		    if (e - s != 43200) printf "%s %d\n", $6, (e - s) / 3600 }' \
		    "$tmp/js.ev" | sort -u | tr '\n' ' ')
		if [ "$got" = "$want" ]; then
			ok "DST: $d: duties of other than 12 h: $got"
		else
			bad "DST: $d: duties of other than 12 h are '$got', want '$want'"
		fi
	done
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

# Unfolded UID lines of a feed, sorted.
uids() {
	awk '{ sub(/\r$/, "") }
	    /^[ \t]/ { line = line substr($0, 2); next }
	    { if (NR > 1) print line; line = $0 }
	    END { print line }' "$1" | grep '^UID:' | sort
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
	# The demo solved twice into fresh directories publishes the same
	# events: UIDs name slots, and the sample solves to a proven optimum.
	solve "$tmp/desk2" "$ex/support-desk.xml" --month 2026-12
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
	solve "$tmp/berlin" "$ex/berlin-dst.xml"
	solve "$tmp/berlin3" "$ex/berlin-dst.xml" --month 2026-03
	solve "$tmp/ny3" "$top/tests/data/newyork-dst.xml" --month 2026-03
	solve "$tmp/ny10" "$top/tests/data/newyork-dst.xml" --month 2026-10
	# Local start and real hours of the nights that cross a switch (the
	# lead-in night of each horizon starts the day before it).
	echo "2026-10-24T20:00 13 " >"$tmp/berlin.dst"
	echo "2026-03-28T20:00 11 " >"$tmp/berlin3.dst"
	echo "2026-03-07T20:00 11 " >"$tmp/ny3.dst"
	echo "2026-10-31T20:00 13 " >"$tmp/ny10.dst"
	dirs=""
	for d in "$tmp/desk1" "$tmp/berlin" "$tmp/berlin3" "$tmp/ny3" "$tmp/ny10"; do
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
