#!/bin/sh
# lib/http incremental API: mr_http_next hands requests back as they
# finish; mr_http_run leaves earlier mr_http_add requests to next.
. "$(dirname "$0")/lib.sh"

fake_start echo
U=$FAKE_URL/echo
fake_script '{"service":"echo","path":"^/slow","action":"delay","ms":300}'

# --stream adds the first operand alone, runs the rest as a batch, then
# takes what is left with mr_http_next.
mr-http-get --stream "$U/slow" "$U/f1" "$U/f2" > "$T/out"; rc=$?
is "$rc" 0 "stream: exit 0"
is "$(head -n 3 "$T/out" | jq -r '.url | sub(".*/"; "")' | tr '\n' ' ')" \
    "f1 f2 slow " "the batch returns without waiting for the earlier request"
is "$(head -n 3 "$T/out" | jq -s -c 'map(.status)')" '[200,200,200]' \
    "every request answered"

mr-http-get --stream "$U/f0" "$U/slow" "$U/f2" > "$T/out"
is "$(head -n 3 "$T/out" | jq -r '.url | sub(".*/"; "")' | tr '\n' ' ')" \
    "slow f2 f0 " "a request finished during run is kept for next"
is "$(sed -n 3p "$T/out" | jq -c '[.status, .attempts]')" '[200,1]' \
    "the kept request is whole"
is "$(fake_count echo)" 6 "each request sent once"
done_testing
