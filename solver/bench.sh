#!/bin/sh
# make bench: the Curtois & Qu instances through rota, and the very model
# rota builds (rota solve --write-lp) through plain glpsol and plain CBC,
# each with the same time limit, side by side in one table.
#
#   BENCH=1-12 (default) | all | "1 2 5"   which instances
#   TIME_LIMIT=60                          seconds per solver per instance
#   ROTA=./rota  OUT=out/bench             binary and scratch directory
#   CURTOIS=../shared/curtois              the benchmark (instances/, best_known.tsv)
#
# For each instance: best known, then per solver the penalty (rota's is
# re-scored by tests/curtois/checker.py: a roster with a hard-rule
# violation shows as INVALID), gap to best known, seconds, peak memory and
# whether the solver proved optimality.  The table goes to stdout and to
# $OUT/table.md; BENCH.md holds a copy with the machine it ran on.
#
# rota runs alone and uses both cores (its neighbourhood search runs one
# thread per processor); then plain glpsol and plain CBC, which use one
# core each, run side by side.  Last, the 60-agent sample desk
# (configs/examples/desk-60.xml) with a 10 s limit: penalty, the bound
# rota proved, and the gap between them.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
rota=${ROTA:-./rota}
limit=${TIME_LIMIT:-60}
out=${OUT:-out/bench}
sel=${BENCH:-1-12}
inst=${CURTOIS:-$top/../shared/curtois}
py=/usr/bin/python3
if [ ! -f "$inst/best_known.tsv" ]; then
	echo "bench: no benchmark at $inst (set CURTOIS=DIR holding instances/ and best_known.tsv)" >&2
	exit 1
fi

case "$sel" in
all) list=$(seq 1 24) ;;
*-*) list=$(seq "${sel%-*}" "${sel#*-}") ;;
*) list=$sel ;;
esac
mkdir -p "$out"

# Run a command under GNU time: prints "seconds peak-MiB".  (time puts
# "Command exited with non-zero status N" first when it does: rota exits
# 4 for a roster with uncovered slots.)
measure() {	# log, command...
	log=$1
	shift
	/usr/bin/time -f '%e %M' -o "$log.time" "$@" >"$log" 2>&1
	tail -n 1 "$log.time" | awk '{ printf "%.1f %.0f\n", $1, $2 / 1024 }'
}

gap() {	# value best
	awk -v v="$1" -v b="$2" 'BEGIN { if (v == "" || v == "-") print "-";
	    else if (b == 0) print (v == 0 ? "0.00" : "inf");
	    else printf "%.2f\n", 100 * (v - b) / b }'
}

table=$out/table.md
{
	echo "| inst | best | rota | gap % | s | MiB | opt | glpsol | gap % | s | MiB | opt | cbc | gap % | s | MiB | opt |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$table"
cat "$table"

for i in $list; do
	f=$inst/instances/Instance$i.txt
	best=$(awk -v n="Instance$i" '$1 == n { print $5 }' "$inst/best_known.tsv")
	d=$out/$i
	rm -rf "$d"
	mkdir -p "$d"
	"$rota" import-curtois "$f" -o "$d/team.xml" >/dev/null || continue

	# rota, through the normal path, re-scored independently.
	set -- $(measure "$d/rota.log" "$rota" solve "$d/team.xml" \
	    --time-limit "$limit" --no-wait -o "$d/out" --quiet \
	    --write-lp "$d/model.lp")
	rs=$1 rm=$2
	rp=-
	ropt=$(grep -q '(optimal)' "$d/rota.log" && echo yes || echo no)
	if "$rota" show "$d/out" --format tsv >"$d/roster.tsv" 2>/dev/null; then
		if $py tests/curtois/checker.py "$f" "$d/roster.tsv" >"$d/check.out"; then
			rp=$(awk '$1 == "penalty" { print $2 }' "$d/check.out")
		else
			rp=INVALID
		fi
	fi

	# Above 500,000 assignment columns rota writes no LP file (it does
	# not build the whole MIP, Instance 24): glpsol and CBC get nothing.
	gp=- gs=- gm=- gopt=no cp=- cs=- cm=- copt=no
	if [ -f "$d/model.lp" ]; then
		# The constant of the objective (on-requests) is not in LP files.
		const=$(sed -n 's/.*constant term = \([-0-9.e+]*\).*/\1/p' "$d/model.lp" | head -1)
		const=${const:-0}

		# Both get twice the limit before they are killed: CBC reads the
		# clock only after its preprocessing, which on Instance 20 ran for
		# over ten minutes.
		measure "$d/glpsol.log" timeout -s KILL $((2 * limit)) glpsol --lp \
		    "$d/model.lp" --tmlim "$limit" -o "$d/glpsol.sol" >"$d/glpsol.m" &
		measure "$d/cbc.log" timeout -s KILL $((2 * limit)) cbc "$d/model.lp" \
		    sec "$limit" solve solu "$d/cbc.sol" >"$d/cbc.m" &
		wait
		set -- $(cat "$d/glpsol.m")
		gs=$1 gm=$2
		gp=$(awk -v c="$const" '/^Objective:/ { printf "%.0f\n", $4 + c; exit }' "$d/glpsol.sol" 2>/dev/null)
		grep -q 'INTEGER OPTIMAL' "$d/glpsol.sol" 2>/dev/null && gopt=yes || gopt=no
		grep -q 'INTEGER UNDEFINED\|INTEGER EMPTY' "$d/glpsol.sol" 2>/dev/null && gp=-

		set -- $(cat "$d/cbc.m")
		cs=$1 cm=$2
		cp=$(awk -v c="$const" 'NR == 1 && /objective value/ { printf "%.0f\n", $NF + c }' "$d/cbc.sol" 2>/dev/null)
		head -1 "$d/cbc.sol" 2>/dev/null | grep -q '^Optimal' && copt=yes || copt=no
		head -1 "$d/cbc.sol" 2>/dev/null | grep -qi 'infeasible\|no integer' && cp=-
	fi

	line="| $i | $best | $rp | $(gap "$rp" "$best") | $rs | $rm | $ropt | ${gp:--} | $(gap "${gp:--}" "$best") | $gs | $gm | $gopt | ${cp:--} | $(gap "${cp:--}" "$best") | $cs | $cm | $copt |"
	echo "$line" | tee -a "$table"
done

# rota's own kind of team: 60 agents, 31 days, 4 ranks, 10 s.
desk=configs/examples/desk-60.xml
set -- $(measure "$out/desk60.log" "$rota" solve "$desk" --time-limit 10 \
    -o "$out/desk60" --quiet)
ds=$1 dm=$2
dobj=$(awk '$1 == "objective" { print $2; exit }' "$out/desk60.log")
dbound=$(sed -n 's/.*bound \([0-9.]*\),.*/\1/p' "$out/desk60.log" | head -1)
grep -q '(optimal)' "$out/desk60.log" && dbound=$dobj
echo
echo "| team | rota | bound | gap % | s | MiB |" | tee -a "$table"
echo "|---|---|---|---|---|---|" | tee -a "$table"
echo "| desk-60 (60 agents, 31 days, 4 ranks) | $dobj | ${dbound:--} | $(awk -v v="$dobj" -v b="${dbound:-0}" 'BEGIN { printf "%.2f", (v > 0 ? 100 * (v - b) / v : 0) }') | $ds | $dm |" | tee -a "$table"

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "command: make bench BENCH=$sel TIME_LIMIT=$limit"
