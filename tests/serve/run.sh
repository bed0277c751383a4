#!/bin/sh
# rota serve end to end: publish a roster (configs/examples/berlin-dst.xml),
# start `rota serve` on a free loopback port and probe it with curl:
# every feed `rota tokens` lists, conditional requests, bad tokens,
# traversal attempts, other methods, a rotated token, a republished file,
# a burst of parallel clients, the access log and a clean stop.
#
# usage: tests/serve/run.sh ROTA
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rota=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$top" || exit 1
unset ROTA_DIR

tmp=$(mktemp -d /tmp/rota-serve-XXXXXX)
D="$tmp/roster"
log="$tmp/serve.log"
spid=""
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT INT TERM

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() {	# description, command...
	d=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$d"; fi
}
# Status code of a request: curl options..., last one the path.
code() {
	p=$1; shift
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$base$p"
}
# One response header's value (case-insensitive name) of GET path.
header() {	# name, path
	curl -s -D - -o /dev/null --max-time 5 "$base$2" |
	    tr -d '\r' | sed -n "s/^$1: //Ip" | head -1
}

"$rota" solve configs/examples/berlin-dst.xml --time-limit 3 -o "$D" \
    >"$tmp/solve.out" 2>&1
[ -f "$D/team.ics" ] || { echo "serve: no roster published"; cat "$tmp/solve.out"; exit 1; }

"$rota" tokens "$D" >"$tmp/tokens" 2>"$tmp/tokens.err"
check "tokens exits 0" test $? = 0
nranks=$(ls "$D/ranks" | wc -l)
nagents=$(ls "$D/agents" | wc -l)
check "one line per feed" test "$(wc -l <"$tmp/tokens")" = $((1 + nranks + nagents))
check "team first" sh -c "head -1 '$tmp/tokens' | grep -q '^team	/feeds/[0-9a-f]\{32\}/team.ics\$'"
check "rank line" grep -q '^rank:L2	/feeds/[0-9a-f]\{32\}/rank-L2.ics$' "$tmp/tokens"
check "agent line" grep -q '^agent:weber	/feeds/[0-9a-f]\{32\}/agent-weber.ics$' "$tmp/tokens"
check "tokens differ" test "$(cut -f2 "$tmp/tokens" | cut -d/ -f3 | sort -u | wc -l)" = \
    "$(wc -l <"$tmp/tokens")"
check "tokens file 0600" test "$(stat -c %a "$D/tokens")" = 600
"$rota" tokens "$D" >"$tmp/tokens2" 2>&1
check "tokens stable" cmp "$tmp/tokens" "$tmp/tokens2"

"$rota" serve "$D" --listen 127.0.0.1:0 2>"$log" &
spid=$!
port=""
for i in $(seq 100); do
	port=$(sed -n 's,.* at http://127\.0\.0\.1:\([0-9]*\)/.*,\1,p' "$log")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ] || { echo "serve: did not start"; cat "$log"; exit 1; }
base="http://127.0.0.1:$port"
path() { sed -n "s/^$1	//p" "$tmp/tokens"; }
team=$(path team)

# 1. Every feed: 200, calendar type, validators, the file's bytes.
while IFS='	' read -r name p; do
	case $name in
	team) f="$D/team.ics" ;;
	rank:*) f="$D/ranks/${name#rank:}.ics" ;;
	agent:*) f="$D/agents/${name#agent:}.ics" ;;
	esac
	curl -s -D "$tmp/h" -o "$tmp/body" --max-time 5 "$base$p"
	check "$name: 200" grep -q '^HTTP/1.1 200 ' "$tmp/h"
	check "$name: same bytes as $f" cmp "$tmp/body" "$f"
done <"$tmp/tokens"
curl -s -D "$tmp/h" -o /dev/null "$base$team"
tr -d '\r' <"$tmp/h" >"$tmp/hh"
check "content type" grep -qx 'Content-Type: text/calendar; charset=utf-8' "$tmp/hh"
check "etag" grep -q '^ETag: "[0-9a-f]\{16\}"$' "$tmp/hh"
check "last-modified" grep -q '^Last-Modified: [A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] [0-9]\{4\} [0-9:]\{8\} GMT$' "$tmp/hh"
check "content length" grep -qx "Content-Length: $(stat -c %s "$D/team.ics")" "$tmp/hh"
etag=$(sed -n 's/^ETag: //p' "$tmp/hh")
lm=$(sed -n 's/^Last-Modified: //p' "$tmp/hh")
check "HEAD: 200" test "$(code "$team" -I)" = 200
check "HEAD: no body" test "$(curl -s -I "$base$team" | tr -d '\r' | sed '1,/^$/d' | wc -c)" = 0

# 2. Conditional requests.
check "If-None-Match: 304" test "$(code "$team" -H "If-None-Match: $etag")" = 304
check "If-None-Match weak: 304" test "$(code "$team" -H "If-None-Match: W/$etag")" = 304
check "If-None-Match list: 304" test "$(code "$team" -H "If-None-Match: \"x\", $etag")" = 304
check "If-None-Match other: 200" test "$(code "$team" -H 'If-None-Match: "0000000000000000"')" = 200
check "If-Modified-Since same: 304" test "$(code "$team" -H "If-Modified-Since: $lm")" = 304
check "If-Modified-Since older: 200" test \
    "$(code "$team" -H 'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT')" = 200
check "If-None-Match wins: 200" test "$(code "$team" -H 'If-None-Match: "0"' \
    -H "If-Modified-Since: $lm")" = 200
curl -s -D "$tmp/h304" -o "$tmp/b304" -H "If-None-Match: $etag" "$base$team"
check "304 carries the ETag" grep -q "^ETag: $etag" "$tmp/h304"
check "304 has no body" test ! -s "$tmp/b304"

# 3. Unknown tokens and paths: 404, one body whatever the reason.
tok=$(echo "$team" | cut -d/ -f3)
curl -s -o "$tmp/nf" "$base/feeds/00000000000000000000000000000000/team.ics"
for p in /feeds/00000000000000000000000000000000/team.ics \
    "/feeds/$tok/rank-L1.ics" "/feeds/$tok/team.xml" "/feeds/$tok/" \
    "/feeds/$tok" "/feeds/$(echo "$tok" | tr a-f A-F)/team.ics" \
    "/feeds/${tok}0/team.ics" / /team.ics /team.xml /tokens /feeds/ \
    /feeds/../team.xml "/feeds/$tok/../team.xml" "/feeds/$tok/../../tokens" \
    /feeds/%2e%2e/team.xml "/feeds/$tok/%2e%2e/team.ics" \
    "/feeds/$tok%2fteam.ics" "/feeds/$tok/..%2fteam.xml" \
    "/feeds/$tok/%2e%2e%2fteam.xml" "/feeds/$tok/..%2f..%2f..%2fetc%2fpasswd" \
    /..%2f..%2fetc%2fpasswd "/feeds/$tok/team.ics/.." ; do
	curl -s --path-as-is -o "$tmp/b" -w '%{http_code}' --max-time 5 "$base$p" >"$tmp/c"
	check "404 for $p" test "$(cat "$tmp/c")" = 404
	check "same 404 body for $p" cmp "$tmp/b" "$tmp/nf"
done
check "404 body says nothing" test "$(cat "$tmp/nf")" = "not found"

# 4. Methods other than GET and HEAD.
for m in POST PUT DELETE OPTIONS; do
	check "$m: 405" test "$(code "$team" -X $m -d x)" = 405
done
check "405 says Allow" sh -c "curl -s -D - -o /dev/null -X POST '$base$team' | tr -d '\r' | grep -qx 'Allow: GET, HEAD'"
check "405 on an unknown path too" test "$(code /nothing -X DELETE)" = 405

# 5. A rotated token: the old path 404, the new one 200, others unchanged.
weber=$(path agent:weber)
"$rota" tokens "$D" --rotate agent:weber >"$tmp/rot" 2>&1
check "rotate exits 0" test $? = 0
new=$(sed -n 's/^agent:weber	//p' "$tmp/rot")
check "rotate prints one line" test "$(wc -l <"$tmp/rot")" = 1
check "rotate: new path" test -n "$new" -a "$new" != "$weber"
check "rotate: old path 404" test "$(code "$weber")" = 404
check "rotate: new path 200" test "$(code "$new")" = 200
check "rotate: team untouched" test "$(code "$team")" = 200
"$rota" tokens "$D" >"$tmp/tokens3" 2>&1
check "rotate: listed" grep -qx "agent:weber	$new" "$tmp/tokens3"

# 6. A republished file (replaced by rename) is served new.
cp "$D/team.ics" "$tmp/team.new"
printf 'X-ROTA-TEST:%s\r\n' republished >>"$tmp/team.new"
mv "$tmp/team.new" "$D/team.ics"
curl -s -D "$tmp/h2" -o "$tmp/body2" "$base$team"
check "republish: new bytes" cmp "$tmp/body2" "$D/team.ics"
etag2=$(tr -d '\r' <"$tmp/h2" | sed -n 's/^ETag: //p')
check "republish: new ETag" test -n "$etag2" -a "$etag2" != "$etag"
check "republish: old ETag 200" test "$(code "$team" -H "If-None-Match: $etag")" = 200
check "republish: new ETag 304" test "$(code "$team" -H "If-None-Match: $etag2")" = 304

# 7. A burst of 50 parallel clients, all answered.
i=0
while [ $i -lt 50 ]; do
	curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$base$team" >"$tmp/burst.$i" &
	i=$((i + 1))
done
# Wait for the curls only, not the server.
for i in $(seq 100); do
	[ "$(cat "$tmp"/burst.* | grep -c '^200$')" = 50 ] && break
	sleep 0.1
done
check "burst: 50 answered 200" test "$(cat "$tmp"/burst.* | grep -c '^200$')" = 50

# 8. The access log names feeds, never tokens.
check "log names the feed" grep -q ' 127\.0\.0\.1 GET team 200 ' "$log"
check "log names the agent feed" grep -q ' GET agent:weber 200 ' "$log"
check "log has 404s" grep -q ' GET - 404 ' "$log"
leak=0
for t in $(cut -f2 "$tmp/tokens" "$tmp/rot" | cut -d/ -f3) $tok; do
	grep -q "$t" "$log" && leak=1
done
check "no token in the log" test $leak = 0

# 9. SIGTERM: exit 0 with a last line.
kill -TERM "$spid"
wait "$spid"
rc=$?
spid=""
check "SIGTERM: exit 0" test $rc = 0
check "SIGTERM: logged" grep -q '^rota: serve: SIGTERM, stopping$' "$log"
check "no sanitizer report" sh -c "! grep -q 'Sanitizer' '$log'"

# 10. SIGINT too, and a port in use is a clear error.
"$rota" serve "$D" --listen 127.0.0.1:0 2>"$log.2" &
spid=$!
for i in $(seq 100); do grep -q ' at http' "$log.2" && break; sleep 0.1; done
"$rota" serve "$D" --listen "127.0.0.1:$(sed -n 's,.*:\([0-9]*\)/.*,\1,p' "$log.2")" \
    >/dev/null 2>"$tmp/busy"
check "port in use: exit 1" test $? = 1
check "port in use: says so" grep -q '^rota: 127\.0\.0\.1:[0-9]*: cannot listen' "$tmp/busy"
kill -INT "$spid"
wait "$spid"
rc=$?
spid=""
check "SIGINT: exit 0" test $rc = 0

echo "serve: $pass passed, $fail failed"
if [ $fail = 0 ]; then
	rm -rf "$tmp"
else
	echo "     (output kept in $tmp)"
fi
[ $fail = 0 ]
