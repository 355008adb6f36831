#!/bin/sh
# lib/http rate limits: a bucket shared through the database holds across
# two processes; Retry-After blocks the bucket for everyone.
. "$(dirname "$0")/lib.sh"

fake_start echo --rate echo=2/1
U=$FAKE_URL/echo
G="mr-http-get --backoff 10 --max-backoff 50 --rate-key echo --rate 1.8"

violations() { fake_get /_fake/stats | jq .rate_violations; }

# Two drivers at once, 4 requests each, one shared database.
$G --db "$T/mr.db" "$U/a1" "$U/a2" "$U/a3" "$U/a4" > "$T/out1" &
pid=$!
$G --db "$T/mr.db" "$U/b1" "$U/b2" "$U/b3" "$U/b4" > "$T/out2"
rc2=$?
wait "$pid"; rc1=$?
is "$rc1.$rc2" 0.0 "two processes sharing --db: both exit 0"
is "$(cat "$T/out1" "$T/out2" | grep -c '"attempts":1,')" 8 \
    "8 requests, each answered at the first attempt"
is "$(violations)" 0 "the fake saw no rate violation"
is "$(fake_count echo)" 8 "the fake saw 8 requests"

# Control: without the shared database each process keeps its own
# spacing, so together they go over the limit (the test above can fail).
fake_reset
$G --attempts 1 "$U/a1" "$U/a2" "$U/a3" "$U/a4" > "$T/out1" &
pid=$!
$G --attempts 1 "$U/b1" "$U/b2" "$U/b3" "$U/b4" > "$T/out2"
wait "$pid"
v=$(violations)
ok $([ "$v" -gt 0 ]; echo $?) "control: no shared state, $v violations"

# One process alone: spaced by its own bucket, no violation.
fake_reset
$G "$U/c1" "$U/c2" "$U/c3" "$U/c4" > "$T/out1"
is "$(violations)" 0 "one process, 4 requests: no violation"

# A Retry-After answer blocks the bucket for the next process too.
fake_reset
fake_post /_fake/rate '{"echo":"off"}' > /dev/null
fake_script '{"service":"echo","path":"^/blocked",
    "times":1,"action":"status","status":429,"retry_after":2}'
$G --attempts 1 --db "$T/mr.db" "$U/blocked" > "$T/out1"
is "$(head -n 1 "$T/out1" | jq -c '[.status, .retry_after]')" '[429,2]' \
    "429 with Retry-After: 2"
$G --db "$T/mr.db" "$U/next" > "$T/out2"
gap=$(fake_requests echo | jq -s '(.[1].t - .[0].t) * 1000 | floor')
ok $([ "$gap" -ge 1500 ]; echo $?) \
    "the next process waited for the blocked bucket (${gap} ms)"
done_testing
