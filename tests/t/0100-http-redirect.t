#!/bin/sh
# lib/http redirects: followed on the same host only (the caller's headers
# carry keys), never more than 3, 303 turns into a GET.
. "$(dirname "$0")/lib.sh"

fake_start echo
U=$FAKE_URL/echo
G="mr-http-get -H X-Api-Key:$SONARR_KEY"
fake_script '[{"service":"echo","path":"^/r1$","action":"status",
    "status":302,"headers":{"Location":"/echo/target"}},
    {"service":"echo","path":"^/r2$","action":"status","status":301,
    "headers":{"Location":"http://localhost:'"$FAKE_PORT"'/echo/other"}},
    {"service":"echo","path":"^/loop$","action":"status","status":302,
    "headers":{"Location":"/echo/loop"}},
    {"service":"echo","path":"^/p303$","action":"status","status":303,
    "headers":{"Location":"/echo/after"}}]'

$G "$U/r1" > "$T/out"; rc=$?
is "$rc" 0 "same-host redirect: exit 0"
is "$(head -n 1 "$T/out" | jq .status)" 200 "same-host redirect followed"
is "$(fake_requests echo | jq -r '.path' | tr '\n' ' ')" \
    "/echo/r1 /echo/target " "the fake saw both requests"
is "$(fake_requests echo | jq -r '.headers["X-Api-Key"]' | sort -u)" \
    "$SONARR_KEY" "headers kept on the same host"

$G "$U/r2" > "$T/out"; rc=$?
is "$rc" 1 "redirect to another host: exit 1"
is "$(head -n 1 "$T/out" | jq -c '[.status, .check]')" '[301,"http"]' \
    "redirect to another host: not followed"
is "$(fake_requests echo | jq -r .path | grep -c other)" 0 \
    "the other host saw nothing"

$G "$U/loop" > "$T/out"
is "$(head -n 1 "$T/out" | jq -c '[.status, .attempts]')" '[302,4]' \
    "redirect loop: stops after 3 redirects"

$G -X POST -d secret-body "$U/p303" > "$T/out"
is "$(head -n 1 "$T/out" | jq .status)" 200 "303 followed"
is "$(fake_requests echo | jq -r 'select(.path == "/echo/after") |
    .method + " " + (.body // "-")')" "GET -" "after a 303: GET without body"
done_testing
