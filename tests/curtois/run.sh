#!/bin/sh
# Curtois & Qu instances through the normal rota path, scored by the
# independent checker:
#   rota import-curtois -> rota check -> rota solve -> rota show --format tsv
#   -> checker.py: no hard-rule violation, and the same penalty rota reported.
# Also runs the checker's own tests (one broken roster per rule).
#
# usage: tests/curtois/run.sh ROTA [TIME_LIMIT]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rota=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
limit=${2:-20}
here=$top/tests/curtois
shared=${CURTOIS:-$top/../shared/curtois}/instances
py=/usr/bin/python3
tmp=$(mktemp -d /tmp/rota-curtois-XXXXXX)
fail=0

$py "$here/test_checker.py" >"$tmp/checker.log" 2>&1 || {
	cat "$tmp/checker.log"; fail=1; }
tail -1 "$tmp/checker.log"

# A variant that is not in shared/: Instance2 with lighter under-cover
# weights and one more day off, so nothing can be remembered from it.
sed -e 's/^\([0-9]*,[A-Za-z0-9]*,[0-9]*\),100,1\r$/\1,40,2\r/' \
    -e 's/^A,\([0-9,]*\)\r$/A,\1,13\r/' \
    "$here/Instance2.txt" >"$tmp/Variant2.txt"

solve_one() {	# instance file
	name=$(basename "$1" .txt)
	d=$tmp/$name
	mkdir -p "$d"
	if ! "$rota" import-curtois "$1" -o "$d/team.xml" >"$d/import.log" 2>&1 ||
	    ! "$rota" check "$d/team.xml" >"$d/check.log" 2>&1; then
		echo "FAIL $name: import or check"; cat "$d/import.log" "$d/check.log"
		fail=1; return
	fi
	"$rota" solve "$d/team.xml" --time-limit "$limit" -o "$d/out" --quiet \
	    >"$d/solve.log" 2>&1
	rc=$?
	if [ $rc != 0 ] && [ $rc != 4 ]; then
		echo "FAIL $name: rota solve exited $rc"; cat "$d/solve.log"
		fail=1; return
	fi
	"$rota" show "$d/out" --format tsv >"$d/roster.tsv" 2>"$d/show.log" || {
		echo "FAIL $name: rota show"; cat "$d/show.log"; fail=1; return; }
	$py "$here/checker.py" "$1" "$d/roster.tsv" >"$d/checker.out"
	crc=$?
	ours=$(awk '$1 == "penalty" { print $2; exit }' "$d/solve.log")
	theirs=$(awk '$1 == "penalty" { print $2 }' "$d/checker.out")
	status=$(awk '$1 == "objective" { $1 = ""; print; exit }' "$d/solve.log")
	if [ $crc != 0 ]; then
		echo "FAIL $name: the checker found violations:"; cat "$d/checker.out"
		fail=1
	elif [ "$ours" != "$theirs" ]; then
		echo "FAIL $name: rota reports penalty $ours, the checker $theirs"
		fail=1
	else
		echo "ok   $name: penalty $ours (checker agrees), objective$status"
	fi
}

# Instances 1 and 2 are copied here as fixtures; 3 is read from shared/
# when the checkout sits beside it, as the project's does.
for f in "$here/tiny.txt" "$here/Instance1.txt" "$here/Instance2.txt" \
    "$shared/Instance3.txt" "$tmp/Variant2.txt"; do
	if [ -f "$f" ]; then
		solve_one "$f"
	else
		echo "skip $f: not found"
	fi
done

# Bad input: a clear error and no output file.
printf 'SECTION_HORIZON\r\n14\r\nSECTION_SHIFTS\r\nD,abc,\r\n' >"$tmp/bad.txt"
"$rota" import-curtois "$tmp/bad.txt" -o "$tmp/bad.xml" 2>"$tmp/bad.err"
rc=$?
if [ $rc = 3 ] && grep -q "bad.txt:4: shift length 'abc'" "$tmp/bad.err" &&
    [ ! -e "$tmp/bad.xml" ]; then
	echo "ok   malformed instance rejected: $(cat "$tmp/bad.err")"
else
	echo "FAIL malformed instance: rc $rc: $(cat "$tmp/bad.err")"; fail=1
fi

# Anytime: Ctrl-C (SIGINT) a 120 s solve after 5 s; it must stop within a
# few seconds and still publish a roster the checker accepts.  Instance15
# (45 agents, six weeks), as Instance2 is now proven optimal in a second.
d=$tmp/sigint
mkdir -p "$d"
"$rota" import-curtois "$here/Instance15.txt" -o "$d/team.xml" >/dev/null
start=$(date +%s)
"$rota" solve "$d/team.xml" --time-limit 120 -o "$d/out" --quiet \
    >"$d/solve.log" 2>"$d/solve.err" &
pid=$!
sleep 5
kill -INT $pid
wait $pid
rc=$?
took=$(($(date +%s) - start))
if [ $rc != 0 ] && [ $rc != 4 ]; then
	echo "FAIL SIGINT: rota solve exited $rc"; cat "$d/solve.err"; fail=1
elif [ $took -gt 15 ]; then
	echo "FAIL SIGINT: rota solve took $took s to stop"; fail=1
elif ! grep -q "interrupted: publishing the best roster" "$d/solve.err"; then
	echo "FAIL SIGINT: no notice on stderr:"; cat "$d/solve.err"; fail=1
elif ! "$rota" show "$d/out" --format tsv >"$d/roster.tsv" 2>/dev/null ||
    ! $py "$here/checker.py" "$here/Instance15.txt" "$d/roster.tsv" >"$d/checker.out"; then
	echo "FAIL SIGINT: no valid roster published"; cat "$d/checker.out"; fail=1
else
	echo "ok   SIGINT after 5 s: stopped in $took s, published penalty" \
	    "$(awk '$1 == "penalty" { print $2 }' "$d/checker.out")" \
	    "($(awk '$1 == "objective" { $1 = ""; print; exit }' "$d/solve.log" | sed 's/^ //'))"
fi

[ $fail = 0 ] && rm -rf "$tmp"
exit $fail
