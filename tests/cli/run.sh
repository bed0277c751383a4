#!/bin/sh
# Golden command-line cases: for each tests/cli/NAME.args, run
#   ROTA <args>
# from the top of the tree and compare stdout with NAME.out, stderr with
# NAME.err and the exit status with NAME.rc (0 when the file is missing).
# The .args file holds one line of shell words; @TMP@ in it (and in the
# expected files) stands for a fresh temporary directory.
#
# usage: tests/cli/run.sh ROTA [NAME...]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rota=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
cd "$top" || exit 1

names="$*"
[ -n "$names" ] || names=$(ls tests/cli/*.args | sed 's,.*/,,; s,\.args$,,')

pass=0 fail=0
for n in $names; do
	tmp=$(mktemp -d /tmp/rota-cli-XXXXXX)
	args=$(sed "s,@TMP@,$tmp,g" "tests/cli/$n.args")
	want_rc=0
	[ -f "tests/cli/$n.rc" ] && want_rc=$(cat "tests/cli/$n.rc")
	eval "set -- $args"
	"$rota" "$@" >"$tmp/.stdout" 2>"$tmp/.stderr"
	rc=$?
	ok=1
	for s in out err; do
		f=stdout; [ $s = err ] && f=stderr
		exp="tests/cli/$n.$s"
		[ -f "$exp" ] || exp=/dev/null
		sed "s,@TMP@,$tmp,g" "$exp" >"$tmp/.want"
		if ! diff -u "$tmp/.want" "$tmp/.$f" >"$tmp/.diff"; then
			echo "FAIL $n: $f differs:"
			sed 's/^/    /' "$tmp/.diff"
			ok=0
		fi
	done
	if [ "$rc" != "$want_rc" ]; then
		echo "FAIL $n: exit status $rc, expected $want_rc"
		ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		rm -rf "$tmp"
	else
		fail=$((fail + 1))
		echo "     (output kept in $tmp)"
	fi
done
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
