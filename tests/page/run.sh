#!/bin/sh
# Paging end to end: a local HTTP receiver and SMTP sink on loopback
# (receivers.py), a published roster (tests/data/roster-berlin) whose
# contacts are pointed at them, and rota page / ack / who run against it.
#
# usage: tests/page/run.sh ROTA
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rota=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$top" || exit 1
PY=/usr/bin/python3

tmp=$(mktemp -d /tmp/rota-page-XXXXXX)
recv="$tmp/recv"
mkdir -p "$recv"
$PY tests/page/receivers.py "$recv" &
rpid=$!
bgpid=""
cleanup() {
	kill "$rpid" 2>/dev/null
	[ -n "$bgpid" ] && kill "$bgpid" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT INT TERM
for i in $(seq 50); do [ -s "$recv/ports" ] && break; sleep 0.1; done
read http smtp <"$recv/ports" || { echo "page: receivers did not start"; exit 1; }
# A port nothing listens on: bind one, then let it go.
dead=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() {	# description, command...
	d=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$d"; fi
}
# A fresh roster directory whose webhooks point at the receiver.
newdir() {
	d="$tmp/$1"
	mkdir -p "$d"
	cp tests/data/roster-berlin/team.ics "$d/"
	sed "s,127.0.0.1:9/,127.0.0.1:$http/,g; s,smtp://127.0.0.1:9,smtp://127.0.0.1:$smtp," \
	    tests/data/roster-berlin/team.xml >"$d/team.xml"
	echo "$d"
}
count() { ls "$recv" | grep -c "^$1-[0-9]*\.$2\$"; }
# Wait until a file holds a pattern (up to 10 s).
await() {
	for i in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
	return 1
}
json() {	# file, field -> value
	$PY -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(v)' "$1" "$2"
}
unset ROTA_SMTP_USER ROTA_SMTP_PASSWORD ROTA_SECRETS ROTA_DIR
export ROTA_WEBHOOK_TOKEN=tok-3141592653

# 1. A webhook page to the first level (brown, L1 night at 20:00).
D=$(newdir one)
"$rota" page "DB cluster down" --at '2026-03-28 20:00' "$D" >"$tmp/1.out" 2>&1
check "1: page exits 0" test $? = 0
id=$(sed -n 's/^page //p' "$tmp/1.out")
check "1: one webhook call" test "$(count http json)" = 1
h="$recv/http-1"
check "1: posted to brown's hook" grep -q "^POST /hook/brown" "$h.head"
check "1: JSON content type" grep -qi "^Content-Type: application/json" "$h.head"
check "1: bearer token sent" grep -q "^Authorization: Bearer tok-3141592653" "$h.head"
check "1: body id" test "$(json "$h.json" id)" = "$id"
check "1: body message" test "$(json "$h.json" message)" = "DB cluster down"
check "1: body level" test "$(json "$h.json" level)" = 1
check "1: body rank" test "$(json "$h.json" rank)" = L1
check "1: body agent" test "$(json "$h.json" agent)" = brown
check "1: body name" test "$(json "$h.json" name)" = "Bob Brown"
check "1: body until" test "$(json "$h.json" until)" = "2026-03-29T06:00:00Z"
check "1: log has the page" grep -q "^[0-9TZ:-]* $id page message=\"DB cluster down\"" "$D/pages.log"
check "1: log has sent" grep -q " $id sent level=1 agent=brown channel=webhook" "$D/pages.log"
check "1: token not in log" sh -c "! grep -q tok-3141592653 '$D/pages.log' '$tmp/1.out'"
check "1: page before send" sh -c "head -1 '$D/pages.log' | grep -q ' page '"

# 2. E-mail over SMTP: --rank L2 starts at diaz (e-mail only).
"$rota" page "Disk full on db2" --rank L2 --at '2026-03-28 20:00' "$D" >"$tmp/2.out" 2>&1
check "2: page exits 0" test $? = 0
check "2: one e-mail" test "$(count smtp eml)" = 1
m="$recv/smtp-1"
check "2: envelope from" grep -q "MAIL FROM:<rota@desk.example>" "$m.env"
check "2: envelope to" grep -q "RCPT TO:<dora@desk.example>" "$m.env"
check "2: To header" grep -q "^To: dora@desk.example" "$m.eml"
check "2: Subject header" grep -q "^Subject: \[rota L2\] Disk full on db2" "$m.eml"
id2=$(sed -n 's/^page //p' "$tmp/2.out")
check "2: ack hint in body" grep -q "rota ack $id2" "$m.eml"

# 3. Escalation stopped by an acknowledgement from another shell.
D=$(newdir ack)
"$rota" page "Checkout errors" --escalate --at '2026-03-28 20:00' "$D" >"$tmp/3.out" 2>&1 &
bgpid=$!
await "$D/pages.log" " sent level=1 " || bad "3: level 1 never paged"
id=$(awk '$3 == "page" { print $2 }' "$D/pages.log")
ROTA_DIR="$D" "$rota" ack "$id" --by brown >"$tmp/3.ack" 2>&1
check "3: ack exits 0" test $? = 0
wait $bgpid
check "3: page exits 0 when acked" test $? = 0
bgpid=""
check "3: ack logged" grep -q " $id ack by=brown" "$D/pages.log"
check "3: acked logged" grep -q " $id acked" "$D/pages.log"
check "3: level 2 never paged" sh -c "! grep -q ' $id send level=2' '$D/pages.log'"
check "3: says acknowledged" grep -q "^acknowledged" "$tmp/3.out"
"$rota" ack "$id" "$D" >"$tmp/3.ack2" 2>&1
check "3: second ack is harmless" grep -q "already acknowledged" "$tmp/3.ack2"

# 4. Nobody acknowledges: L1 (webhook), L2 (e-mail), then the manager.
D=$(newdir noack)
before=$(count http json)
"$rota" page "Site down" --escalate --at '2026-03-28 20:00' "$D" >"$tmp/4.out" 2>"$tmp/4.err"
check "4: exits 1 when nobody acks" test $? = 1
id=$(awk '$3 == "page" { print $2 }' "$D/pages.log")
check "4: timeouts at levels 1 and 2" test "$(grep -c " $id timeout level=[12]" "$D/pages.log")" = 2
check "4: manager paged" grep -q " $id sent level=3 agent=boss channel=webhook" "$D/pages.log"
check "4: exhausted logged" grep -q " $id exhausted" "$D/pages.log"
check "4: manager's hook got it" grep -q "^POST /hook/boss" "$recv/http-$((before + 2)).head"
check "4: manager's body level 3" test "$(json "$recv/http-$((before + 2)).json" level)" = 3
check "4: message says nobody" grep -q "nobody acknowledged" "$tmp/4.err"

# 5. The receiver is down: retried with back-off, then escalated.
D=$(newdir down)
sed -i "s,127.0.0.1:$http/hook/brown,127.0.0.1:$dead/hook/brown," "$D/team.xml"
"$rota" page "VPN down" --at '2026-03-28 20:00' "$D" >"$tmp/5.out" 2>&1
check "5: exits 0 once someone is reached" test $? = 0
check "5: two failed attempts" test "$(grep -c ' fail level=1 agent=brown' "$D/pages.log")" = 2
check "5: failure reason logged" grep -q 'fail level=1 agent=brown attempt=2 error="webhook: .*onnect' "$D/pages.log"
check "5: undelivered level 1" grep -q " undelivered level=1" "$D/pages.log"
check "5: escalated to L2 by e-mail" grep -q " sent level=2 agent=diaz channel=email" "$D/pages.log"

# 6. Secrets from a file: only when not readable by others.
D=$(newdir sec)
unset ROTA_WEBHOOK_TOKEN
printf 'webhook-token=file-2718281828\n' >"$tmp/secrets"
chmod 644 "$tmp/secrets"
ROTA_SECRETS="$tmp/secrets" "$rota" page "x" --at '2026-03-28 20:00' "$D" >"$tmp/6.out" 2>&1
check "6: refuses a readable secrets file" test $? = 1
check "6: says chmod 600" grep -q "chmod 600" "$tmp/6.out"
chmod 600 "$tmp/secrets"
before=$(count http json)
ROTA_SECRETS="$tmp/secrets" "$rota" page "y" --at '2026-03-28 20:00' "$D" >"$tmp/6.out" 2>&1
check "6: page with a 600 secrets file" test $? = 0
check "6: token from the file" grep -q "Bearer file-2718281828" "$recv/http-$((before + 1)).head"
check "6: token not logged" sh -c "! grep -q file-2718281828 '$D/pages.log'"

# 7. ROTA_DIR, and who at the hand-over instant.
ROTA_DIR="$D" "$rota" who --json --at '2026-03-29 08:00' >"$tmp/7.json" 2>&1
check "7: who via ROTA_DIR" test $? = 0
check "7: incoming L1 agent at 08:00" $PY -c "
import json,sys; j=json.load(open('$tmp/7.json'))
l1=[p['agent'] for p in j['levels'][0]['on_duty']]
assert l1==['albers'], l1  # brown handed over at 08:00
assert j['levels'][1]['on_duty'][0]['agent']=='clay'"

# 8. A dry run says who would be paged and touches nothing.
D=$(newdir dry)
before=$(count http json)
"$rota" page "drill" --dry-run --escalate --at '2026-04-05 10:00' "$D" >"$tmp/8.out" 2>&1
check "8: dry run exits 0" test $? = 0
check "8: gap reported" grep -q "^level 1 L1: nobody on duty" "$tmp/8.out"
check "8: goes up to the manager" grep -q "^would page level 3 DM boss (Erika Boss) by webhook" "$tmp/8.out"
check "8: nothing sent" test "$(count http json)" = "$before"
check "8: nothing logged" test ! -e "$D/pages.log"

echo "page: $pass passed, $fail failed"
[ $fail = 0 ]
