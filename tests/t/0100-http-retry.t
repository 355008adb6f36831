#!/bin/sh
# lib/http retry policy: transient answers retried, Retry-After honoured,
# other 4xx and no_retry requests never retried.
. "$(dirname "$0")/lib.sh"

fake_start echo
U=$FAKE_URL/echo
G="mr-http-get --backoff 10 --max-backoff 50"

fake_script '{"service":"echo","path":"^/s503",
    "times":1,"action":"status","status":503}'
$G "$U/s503" > "$T/out"; rc=$?
is "$rc" 0 "503 then 200: exit 0"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts]')" '[200,2]' \
    "503 then 200: 2 attempts, status 200"
is "$(fake_count echo)" 2 "503 then 200: the fake saw 2 requests"

fake_reset
fake_script '{"service":"echo","path":"^/s500","action":"status","status":500}'
$G --attempts 3 "$U/s500" > "$T/out"; rc=$?
is "$rc" 1 "500 forever: exit 1"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts, .rc, .check, .code]')" \
    '[500,3,"ok","http","http.http"]' "500 forever: 3 attempts, then HTTP 500"

fake_reset
fake_script '{"service":"echo","path":"^/s429",
    "times":1,"action":"status","status":429,"retry_after":2}'
$G "$U/s429" > "$T/out"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts]')" '[200,2]' \
    "429 with Retry-After: retried"
gap=$(fake_requests echo | jq -s '(.[1].t - .[0].t) * 1000 | floor')
ok $([ "$gap" -ge 1500 ]; echo $?) "Retry-After: 2 honoured (${gap} ms apart)"

fake_reset
fake_script '{"service":"echo","path":"^/s429",
    "action":"status","status":429,"retry_after":0}'
$G --attempts 2 "$U/s429" > "$T/out"; rc=$?
is "$rc" 1 "429 forever: exit 1"
is "$(head -n 1 "$T/out" |
    jq -c '[.status, .attempts, .check, .retry_after]')" \
    '[429,2,"rate_limited",0]' "429 forever: rate_limited, retry_after kept"

fake_reset
fake_script '{"service":"echo","path":"^/s404","action":"status","status":404}'
$G "$U/s404" > "$T/out"; rc=$?
is "$rc" 1 "404: exit 1"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts, .check]')" \
    '[404,1,"http"]' "404: never retried"
is "$(fake_count echo)" 1 "404: the fake saw 1 request"

fake_reset
fake_script '{"service":"echo","path":"^/s401","action":"status","status":401}'
$G "$U/s401" > "$T/out"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts, .check]')" \
    '[401,1,"auth"]' "401: auth error, never retried"

fake_reset
fake_script '{"service":"echo","path":"^/s503","action":"status","status":503}'
$G --no-retry -X POST -d x "$U/s503" > "$T/out"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts]')" '[503,1]' \
    "no_retry: a 503 is not retried"
is "$(fake_count echo)" 1 "no_retry: the fake saw 1 request"

# A 503 on a rate-limited bucket is retried, then unavailable (transient):
# only the MusicBrainz client reads 503 as "slow down" (check_musicbrainz).
fake_reset
fake_script '{"service":"echo","path":"^/mb","action":"status","status":503}'
$G --attempts 2 --rate-key echo --rate 50 --prefix musicbrainz "$U/mb" \
    > "$T/out"
is "$(head -n 1 "$T/out" | jq -c '[.attempts, .check, .code]')" \
    '[2,"http","musicbrainz.http"]' \
    "503 on a rate-limited bucket: retried, then the HTTP error"
done_testing
