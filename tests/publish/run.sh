#!/bin/sh
# run.sh - publishing as revisions, overrides and swaps, end to end.
#
# usage: tests/publish/run.sh ROTA
#
# Publishes tests/publish/team.xml (a week in Berlin ending with the
# switch to summer time) into a fresh DIR and checks: a second identical
# publish writes nothing (same revision, byte-identical files); a whole
# override, a swap and a partial override each make one new revision that
# keeps every UID, bumps SEQUENCE (and moves LAST-MODIFIED) on exactly the
# duties that changed, splits a partial duty into UIDs "+MIN", shows in
# `rota who` (DIR and FEED.ics); a swap that breaks the rest rule is
# refused with the numbers and changes nothing; --force records it;
# overrides.log holds one line each; a re-solve re-applies them; a new
# month keeps the previous month's duties; another team's solve into DIR
# is refused and changes nothing; the final DIR passes the three
# parsers of tests/feeds/run.sh ($LIBICAL_EVENTS as there).  One line per check; exit 1 on
# any failure (the work directory is kept for a look).
set -u
here=$(cd "$(dirname "$0")" && pwd)
case $1 in
/*) rota=$1 ;;
*) rota=$(pwd)/$1 ;;
esac
PY=/usr/bin/python3
tmp=$(mktemp -d /tmp/rota-publish-XXXXXX)
dir=$tmp/out
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }
# A fixed clock: every revision time is derived from it (each new one a
# second later), so the expected DTSTAMPs are known.
SOURCE_DATE_EPOCH=1790000000
export SOURCE_DATE_EPOCH
export ASAN_OPTIONS=detect_leaks=1

# UID SEQUENCE LAST-MODIFIED DTSTAMP AGENT START END, one line per event.
events() {
	"$PY" - "$1" <<'PYEOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
for ev in cal.walk("VEVENT"):
    print(ev["UID"], int(ev.get("SEQUENCE", 0)),
          ev["LAST-MODIFIED"].dt.strftime("%Y%m%dT%H%M%SZ"),
          ev["DTSTAMP"].dt.strftime("%Y%m%dT%H%M%SZ"), ev["X-ROTA-AGENT"],
          int(ev["DTSTART"].dt.timestamp()), int(ev["DTEND"].dt.timestamp()))
PYEOF
}
rev() { sed -n 's/^revision //p' "$dir/revision"; }
who_at() {	# TIME [FEED]: the L1 agent on duty
	"$rota" who --at "$1" --rank L1 "${2:-$dir}" 2>&1 | awk '$1 == "L1" || $2 == "L1" {
	    for (i = 3; i <= NF; i++) if ($i ~ /^(ana|ben|cy|dora)$/) { print $i; exit } }'
}
run() {	# expected exit, then rota's arguments; output in $tmp/out.txt
	want=$1
	shift
	"$rota" "$@" >"$tmp/out.txt" 2>&1
	rc=$?
	[ $rc = "$want" ] || { bad "rota $*: exit $rc, want $want"; sed 's/^/     /' "$tmp/out.txt"; }
}

run 0 solve "$here/team.xml" -o "$dir"
[ "$(rev)" = 1 ] && ok "first publish is revision 1" || bad "revision after the first publish: $(rev)"
events "$dir/team.ics" | sort >"$tmp/ev1"
stamps=$(awk '{ print $4 }' "$tmp/ev1" | sort -u)
[ "$stamps" = 20260921T141320Z ] && ok "DTSTAMP is the revision time" || bad "DTSTAMPs: $stamps"
cp -r "$dir" "$tmp/snap1"
run 0 solve "$here/team.xml" -o "$dir"
if [ "$(rev)" = 1 ] && diff -r "$tmp/snap1" "$dir" >/dev/null; then
	ok "an identical publish writes nothing: revision 1, files byte-identical"
else
	bad "an identical publish changed DIR (revision $(rev))"
	diff -r "$tmp/snap1" "$dir" | head -5
fi
grep -q "unchanged: still revision 1" "$tmp/out.txt" && ok "solve says the feeds are unchanged" ||
    bad "solve does not say the feeds are unchanged"

# The roster is deterministic (solved to optimality): cy works the nights
# of 27 and 28 March, dora nothing.
n27=pub-20260327-N-L1-0@rota
n28=pub-20260328-N-L1-0@rota
d26=pub-20260326-D-L1-0@rota
[ "$(who_at '2026-03-27 23:00')" = cy ] || bad "expected cy on the night of 27 March"

# seq_of FILE UID: SEQUENCE; agent_of FILE UID: agent.
seq_of() { awk -v u="$2" '$1 == u { print $2 }' "$1"; }
agent_of() { awk -v u="$2" '$1 == u { print $5 }' "$1"; }
changed() {	# OLD NEW: UIDs whose SEQUENCE differs, sorted, one line
	join "$1" "$2" | awk '$2 != $8 { print $1 }' | sort | tr '\n' ' '
}

run 0 override "$dir" --agent dora --from '2026-03-27 20:00' --to '2026-03-28 08:00'
events "$dir/team.ics" | sort >"$tmp/ev2"
[ "$(rev)" = 2 ] && ok "override: revision 2" || bad "override: revision $(rev)"
[ "$(awk '{print $1}' "$tmp/ev1")" = "$(awk '{print $1}' "$tmp/ev2")" ] &&
    ok "override: every UID kept" || bad "override: UIDs changed"
[ "$(changed "$tmp/ev1" "$tmp/ev2")" = "$n27 " ] && [ "$(seq_of "$tmp/ev2" $n27)" = 1 ] &&
    ok "override: SEQUENCE 1 on $n27 only" || bad "override: SEQUENCE changed on: $(changed "$tmp/ev1" "$tmp/ev2")"
lm=$(awk -v u=$n27 '$1 == u { print $3 }' "$tmp/ev2")
[ "$lm" = 20260921T141321Z ] && ok "override: LAST-MODIFIED moved to the revision time" || bad "override: LAST-MODIFIED $lm"
[ "$(who_at '2026-03-27 23:00')" = dora ] && [ "$(who_at '2026-03-27 23:00' "$dir/team.ics")" = dora ] &&
    ok "override: rota who DIR and who FEED say dora" || bad "override: who says $(who_at '2026-03-27 23:00')"
grep -q "$n27" "$dir/agents/dora.ics" && ! grep -q "$n27" "$dir/agents/cy.ics" &&
    ok "override: the duty moved from cy's feed to dora's" || bad "override: agent feeds not updated"

run 0 swap "$dir" dora@2026-03-27/N cy@2026-03-28/N
events "$dir/team.ics" | sort >"$tmp/ev3"
[ "$(changed "$tmp/ev2" "$tmp/ev3")" = "$n27 $n28 " ] && [ "$(seq_of "$tmp/ev3" $n27)" = 2 ] &&
    [ "$(seq_of "$tmp/ev3" $n28)" = 1 ] && [ "$(agent_of "$tmp/ev3" $n28)" = dora ] &&
    ok "swap: revision $(rev), SEQUENCE 2 and 1 on the two duties, dora has the 28th" ||
    bad "swap: SEQUENCE changed on: $(changed "$tmp/ev2" "$tmp/ev3")"

run 0 override "$dir" --agent dora --instead-of ben --from '2026-03-26 12:00' --to '2026-03-26 16:00'
events "$dir/team.ics" | sort >"$tmp/ev4"
pieces=$(grep "^pub-20260326-D-L1-0" "$tmp/ev4" | awk '{ print $1, $2, $5 }' | tr '\n' ';')
want="pub-20260326-D-L1-0+240@rota 0 dora;pub-20260326-D-L1-0+480@rota 0 ben;$d26 1 ben;"
[ "$pieces" = "$want" ] && ok "partial override: split into $d26, +240, +480" || bad "partial override: pieces '$pieces'"
[ "$(who_at '2026-03-26 13:00')" = dora ] && [ "$(who_at '2026-03-26 17:00')" = ben ] &&
    ok "partial override: who says dora at 13:00, ben at 17:00" || bad "partial override: who is wrong"
# The hand-over instants themselves: the incoming agent is on duty.
hand="$(who_at '2026-03-26 11:59') $(who_at '2026-03-26 12:00') $(who_at '2026-03-26 15:59') $(who_at '2026-03-26 16:00')"
[ "$hand" = "ben dora dora ben" ] && ok "partial override: at 11:59/12:00/15:59/16:00 who says $hand" ||
    bad "partial override: at the hand-overs who says $hand"

cp -r "$dir" "$tmp/snap4"
run 5 swap "$dir" ana@2026-03-24/N ben@2026-03-25/D
grep -q "^rota: refused: ana: 0 min rest between 2026-03-25 08:00 and 2026-03-25 20:00 (at least 720)$" "$tmp/out.txt" &&
    grep -q "^rota: $dir: nothing changed (4 hard rules broken; give --force to record it anyway)$" "$tmp/out.txt" &&
    ok "refused swap names the rule and the numbers" || { bad "refused swap message"; cat "$tmp/out.txt"; }
diff -r "$tmp/snap4" "$dir" >/dev/null && ok "refused swap changed nothing" || bad "refused swap changed DIR"
run 0 swap "$dir" ana@2026-03-24/N ben@2026-03-25/D --force
[ "$(wc -l <"$dir/overrides.log")" = 4 ] && tail -n 1 "$dir/overrides.log" | grep -q ' swap ana@2026-03-24/N ben@2026-03-25/D forced$' &&
    ok "overrides.log: 4 lines, the forced one marked" || { bad "overrides.log"; cat "$dir/overrides.log"; }

# A re-solve of the same week re-applies the log.
run 0 solve "$here/team.xml" -o "$dir"
[ "$(grep -c 're-applied' "$tmp/out.txt")" = 4 ] && [ "$(who_at '2026-03-26 13:00')" = dora ] &&
    [ "$(who_at '2026-03-28 23:00')" = dora ] && ok "re-solve re-applies the 4 logged changes" ||
    { bad "re-solve: overrides not re-applied"; grep overrides.log "$tmp/out.txt"; }

# The next month keeps the last one's duties.
run 0 solve "$here/team.xml" --month 2026-04 -o "$dir"
n=$(grep -c '^UID:pub-202603' "$dir/team.ics")
grep -q '^X-ROTA-HORIZON:2026-04-01/2026-04-30' "$dir/team.ics" && [ "$n" -ge 14 ] &&
    ok "April published, $n March duties kept" || bad "April: $n March duties kept"
[ "$(who_at '2026-03-26 13:00')" = dora ] && ok "the March override is still in the feed" ||
    bad "the March override is gone"

# Another team's solve into this DIR is refused and writes nothing (it
# would carry this team's duties outside its horizon into its feeds).
sed 's/<team id="pub"/<team id="other"/' "$here/team.xml" >"$tmp/other.xml"
cp -r "$dir" "$tmp/snap5"
run 1 solve "$tmp/other.xml" -o "$dir"
grep -q "^rota: $dir/team.ics holds another team's duties (UID 'pub-.*' does not start with 'other-'): publish into a directory of its own, or empty $dir first$" "$tmp/out.txt" &&
    diff -r "$tmp/snap5" "$dir" >/dev/null && ok "another team's solve into DIR refused, nothing written" ||
    { bad "another team's solve into DIR"; sed 's/^/     /' "$tmp/out.txt" | tail -n 3; }

# The final DIR (pieces, swaps, two months) through the three parsers.
if sh "$here/../feeds/run.sh" "$rota" "$dir" >"$tmp/feeds.txt" 2>&1; then
	ok "feeds of the final revision: $(grep -c '^ok ' "$tmp/feeds.txt") parser checks pass"
else
	bad "feeds of the final revision:"
	grep -v '^ok ' "$tmp/feeds.txt" | sed 's/^/     /'
fi

if [ $fail = 0 ]; then
	rm -rf "$tmp"
	echo "publish: all checks passed"
else
	echo "publish: FAILED (work files kept in $tmp)"
fi
exit $fail
