#!/bin/sh
# Crash consistency (issue 7 item 2), the reduced version for make check
# (tools/soak.sh kills far more often): mr-process is killed with SIGKILL
# at several points of a batch -- before an add, while an add is in
# flight (the *arr performs it but the answer never arrives: "after the
# POST, before the commit"), and between database writes -- then rerun.
# After every kill: each request in a known state, the events agree with
# it.  At the end: every request sent, no item added twice, one "sent"
# event per request, no lease left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/harden-lib.sh"

if ! have_tool mr-process || ! have_tool mr-request; then
	skip "needs mr-request and mr-process"
	done_testing
fi
. "$(dirname "$0")/pipeline-lib.sh"

N=4	# items of each kind: 3N requests
synth_fixtures $N
fake_start sonarr,radarr,lidarr --fixtures "$FX"
write_config
i=0
while [ $i -lt $N ]; do synth_cls $i; i=$((i + 1)); done |
    mr-request -c "$CONF" > /dev/null
total=$((3 * N))
is "$(hdb 'SELECT count(*) FROM requests')" $total "$total requests queued"

# Every add is slow, so kills land before, during and after adds.
fake_script '{"method":"POST","path":"(movie|series|artist)$","action":"delay","ms":350}'

kills=0
for at in 0.05 0.3 0.55 0.8 1.1 1.5 0.2 0.45; do
	mr-process -c "$CONF" -j 1 > /dev/null 2>&1 &
	pid=$!
	sleep "$at"
	if kill -9 "$pid" 2> /dev/null; then
		kills=$((kills + 1))
	fi
	wait "$pid" 2> /dev/null
	is "$(invariants)" "" "killed after ${at}s: the states and events agree"
done
diag "$kills runs killed; $(hdb "SELECT count(*) FROM requests WHERE status LIKE 'SentTo%'") of $total sent meanwhile"
ok $([ "$kills" -ge 4 ]; echo $?) "at least 4 runs were killed mid-batch"
ok $([ "$(effective_adds | grep -c .)" -ge 1 ]; echo $?) \
    "some adds happened between the kills"

# Let the adds held by the fake finish, then a clean run.
sleep 0.5
curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "the rerun after the kills: exit 0"
is "$(cat "$T/err")" "" "the rerun: quiet"
is "$(hdb "SELECT count(*) FROM requests WHERE status LIKE 'SentTo%'")" $total \
    "nothing lost: all $total sent"
is "$(effective_adds | sort | uniq -d)" "" "no item added twice"
# A rerun may POST an item whose add a killed run left in flight (the
# service was still working on it); the service refuses that one as
# already added, and it counts as sent.  No other second POST.
extra=$(( $(sent_adds | grep -c .) - $(effective_adds | grep -c .) ))
is "$(fake_requests | jq -c 'select(.method == "POST" and
    (.path | test("/(movie|series|artist)$")) and
    (.status < 200 or .status >= 300) and .status != 400)')" "" \
    "a second POST of an item only while its first was in flight, refused as already added ($extra)"
is "$(effective_adds | sort -u | grep -c .)" $total "every item added once"
is "$(hdb "SELECT count(*) FROM events WHERE event = 'sent'")" $total \
    "one sent event per request"
is "$(invariants)" "" "the events tell the story"
ok $(no_live_leases; echo $?) "no lease left"
present=$(hdb "SELECT count(*) FROM events WHERE event = 'sent' AND
    json_extract(detail, '\$.outcome') = 'already_present'")
diag "$present requests found already present after their add was cut off"

done_testing
