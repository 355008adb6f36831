#!/bin/sh
# lib/http failures: hang past the timeout, reset, oversized body,
# connection refused, the request deadline.
. "$(dirname "$0")/lib.sh"

fake_start echo
U=$FAKE_URL/echo
G="mr-http-get --backoff 10 --max-backoff 50"

fake_script '{"service":"echo","path":"^/hang","action":"hang","ms":20000}'
$G --attempts 1 --timeout 500 "$U/hang" > "$T/out"; rc=$?
is "$rc" 1 "hang: exit 1"
is "$(head -n 1 "$T/out" | jq -c '[.status, .rc, .check, .code]')" \
    '[0,"timeout","timeout","http.timeout"]' "hang past the timeout: timeout"

fake_reset
fake_script '{"service":"echo","path":"^/reset","action":"reset"}'
$G --attempts 2 "$U/reset" > "$T/out"; rc=$?
is "$rc" 1 "reset: exit 1"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts, .rc]')" \
    '[0,2,"network"]' "reset: network error after 2 attempts"

fake_reset
fake_script '{"service":"echo","path":"^/big","action":"big","bytes":300000}'
$G --max-body 100000 "$U/big" > "$T/out"; rc=$?
is "$rc" 1 "big: exit 1"
is "$(head -n 1 "$T/out" | jq -c '[.attempts, .rc, .len]')" \
    '[1,"too_big",0]' "oversized body: too_big, not retried"
$G --max-body 400000 "$U/big" > "$T/out"
is "$(head -n 1 "$T/out" | jq -c '[.rc, .len > 300000]')" '["ok",true]' \
    "the same body under a larger cap: ok"

# A port nobody listens on: bind one, note it, close it.
port=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$G --attempts 2 "http://127.0.0.1:$port/x" > "$T/out"; rc=$?
is "$rc" 1 "refused: exit 1"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts, .rc, .check]')" \
    '[0,2,"network","network"]' "connection refused: network error, retried"

# The deadline bounds the whole request, retries included.
fake_reset
fake_script '{"service":"echo","path":"^/hang","action":"hang","ms":20000}'
$G --attempts 4 --timeout 20000 --deadline 1000 "$U/hang" > "$T/out"
is "$(head -n 1 "$T/out" | jq -r .rc)" timeout "deadline: timeout"
total=$(tail -n 1 "$T/out" | jq .total_ms)
ok $([ "$total" -lt 8000 ]; echo $?) \
    "deadline: ended long before the hang ($total ms)"

# Faults of one request leave the others of the batch alone.
fake_reset
fake_script '{"service":"echo","path":"^/s404","action":"status","status":404}'
$G "$U/ok1" "$U/s404" "$U/ok2" > "$T/out"; rc=$?
is "$rc" 1 "mixed batch: exit 1"
is "$(head -n 3 "$T/out" | jq -s -c 'map(.status)')" '[200,404,200]' \
    "mixed batch: each request its own outcome, in order"
done_testing
