#!/bin/sh
# lib/http through mr-http-get: parallel batches, keep-alive, what is sent
# (User-Agent, headers, methods and bodies).
. "$(dirname "$0")/lib.sh"

fake_start echo
U=$FAKE_URL/echo

# 8 requests each delayed 200 ms finish together, not one after another.
# --warm opens the connections first: a busy fake may drop a SYN from its
# accept queue (a 1 s retransmit), which is not what this measures.
fake_script '{"service":"echo","path":"^/slow","action":"delay","ms":200}'
set --
for i in 1 2 3 4 5 6 7 8; do set -- "$@" "$U/slow/$i"; done
mr-http-get --warm "$U/warm" "$@" > "$T/out"; rc=$?
is "$rc" 0 "8 delayed requests: exit 0"
is "$(grep -c '"status":200' "$T/out")" 8 "8 answers"
total=$(tail -n 1 "$T/out" | jq .total_ms)
ok $([ "$total" -lt 1000 ]; echo $?) \
    "8 x 200 ms in parallel in under 1000 ms ($total ms)"
# Control: one at a time, the delays add up (the bound above can fail).
mr-http-get -j 1 "$U/slow/1" "$U/slow/2" "$U/slow/3" "$U/slow/4" > "$T/out"
total=$(tail -n 1 "$T/out" | jq .total_ms)
ok $([ "$total" -ge 800 ]; echo $?) "control: -j 1 takes 4 x 200 ms ($total ms)"

# Sequential requests on one handle reuse one connection.
fake_reset
mr-http-get -v -j 1 "$U/a" "$U/b" "$U/c" "$U/d" > "$T/out" 2> "$T/err"
is "$(grep -c '"status":200' "$T/out")" 4 "keep-alive: 4 answers"
is "$(grep -c 'new connection' "$T/err")" 1 "keep-alive: one connection opened"
is "$(grep -c 'reused connection' "$T/err")" 3 "keep-alive: reused 3 times"

# Default User-Agent, caller's headers, no Expect: 100-continue.
fake_reset
mr-http-get -H 'Accept: application/json' "$U/ua" > /dev/null
ua=$(fake_requests echo | jq -r '.headers["User-Agent"]')
like "$ua" '^media-route/[0-9]' "default User-Agent media-route/VERSION"
is "$(fake_requests echo | jq -r '.headers.Accept')" application/json \
    "caller's header sent"
fake_reset
mr-http-get -H 'User-Agent: media-route-test/1.0 ( t@example.org )' \
    "$U/ua" > /dev/null
is "$(fake_requests echo | jq -r '.headers["User-Agent"]')" \
    'media-route-test/1.0 ( t@example.org )' "caller's User-Agent wins"
is "$(fake_requests echo | jq -r '[.headers | keys[] |
    select(ascii_downcase == "user-agent")] | length')" 1 \
    "one User-Agent header only"

# POST and PUT bodies, DELETE.
fake_reset
mr-http-get -X POST -H 'Content-Type: application/json' -d '{"a":1}' \
    "$U/post" > /dev/null
is "$(fake_requests echo | jq -r '.method + " " + .body')" 'POST {"a":1}' \
    "POST body sent"
fake_reset
mr-http-get -X PUT -H 'Content-Type: application/json' -d '[2]' \
    "$U/put" > /dev/null
is "$(fake_requests echo | jq -r '.method + " " + .body')" 'PUT [2]' \
    "PUT body sent"
fake_reset
mr-http-get -X DELETE "$U/del" > "$T/out"
is "$(fake_requests echo | jq -r .method)" DELETE "DELETE sent"
is "$(head -n 1 "$T/out" | jq .status)" 200 "DELETE answered"

# The body comes back whole.
mr-http-get --body "$U/body?x=1" > "$T/out"
is "$(head -n 1 "$T/out" | jq -r '.body | fromjson | .query.x[0]')" 1 \
    "response body returned"
done_testing
