#!/bin/sh
# Leases: mr-process killed with -9 mid-batch loses nothing and sends
# nothing twice; two mr-process runs on one database send each request
# exactly once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start sonarr,radarr,lidarr
write_config

queue() {
	{
		cls Deadpool movie radarr 293660
		cls "Despicable Me 2" movie radarr 93456
		cls "The Test Heist" movie radarr 990201
		cls "Breaking Bad" tv sonarr 81189
		cls "Game of Thrones" tv sonarr 121361
		cls "Kitsune Patrol" tv sonarr 900101
	} | mr-request -c "$CONF" > /dev/null
}

# once_each: every item was POSTed exactly once.
once_each() {
	fake_requests | jq -r 'select(.method == "POST" and
	    (.path | test("/(movie|series)$"))) |
	    .body | fromjson | (.tmdbId // .tvdbId)' | sort | uniq -c |
	    awk '$1 != 1 { bad = 1 } END { exit bad }'
}

queue
fake_script '{"method":"POST","path":"(movie|series)$","action":"delay","ms":1500}'
mr-process -c "$CONF" -j 1 > /dev/null 2>&1 &
pid=$!
i=0
until [ "$(fake_get /_fake/requests | jq -c 'select(.method == "POST")' | grep -c .)" -ge 1 ] ||
    [ $i -gt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
# The fake logs a POST when it answers: the next one is being held now.
sleep 0.3
kill -9 $pid
wait $pid 2> /dev/null
n=$(db "SELECT COUNT(*) FROM requests WHERE lease_owner IS NOT NULL AND status = 'Pending'")
ok "$([ "$n" -ge 1 ] && [ "$n" -le 5 ]; echo $?)" \
    "killed mid-batch: $n requests still leased and Pending"
sleep 1.5
curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "rerun after kill -9: exit 0"
is "$(cat "$T/err")" "" "rerun: quiet"
is "$(db "SELECT COUNT(*) FROM requests WHERE status LIKE 'SentTo%'")" 6 \
    "nothing lost: all six sent"
once_each; is "$?" 0 "nothing sent twice"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'sent' AND json_extract(detail, '\$.outcome') = 'already_present'")" \
    1 "the POST in flight at the kill was found present, not sent again"
is "$(db "SELECT COUNT(*) FROM requests WHERE lease_owner IS NOT NULL")" 0 \
    "no lease left"

# Two runs at once on one database.
fake_stop
rm -f "$T/mr.db" "$T/mr.db-wal" "$T/mr.db-shm" "$T/fake-state.json" "$FAKE_LOG"
fake_start sonarr,radarr,lidarr
write_config
queue
fake_script '{"method":"POST","path":"(movie|series)$","action":"delay","ms":300}'
mr-process -c "$CONF" -j 2 -p > "$T/a" 2> "$T/a.err" &
pa=$!
mr-process -c "$CONF" -j 2 -p > "$T/b" 2> "$T/b.err" &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
is "$ra$rb" 00 "both runs: exit 0"
is "$(cat "$T/a" "$T/b" | jq -r .id | sort -n | tr '\n' ' ')" "1 2 3 4 5 6 " \
    "each request handled by exactly one run"
is "$(db "SELECT COUNT(*) FROM requests WHERE status LIKE 'SentTo%'")" 6 \
    "all six sent"
once_each; is "$?" 0 "each request POSTed exactly once"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'sent'")" 6 \
    "six sent events"

# Two requests for one item in one run (different titles, same target):
# one POST, all sent.
fake_stop
rm -f "$T/mr.db" "$T/mr.db-wal" "$T/mr.db-shm" "$T/fake-state.json" "$FAKE_LOG"
fake_start sonarr,radarr,lidarr
write_config
for t in "Deadpool (2016)" "Deadpool 2016 movie" Deadpool; do
	cls "$t" movie radarr 293660 | mr-request -c "$CONF" > /dev/null
done
is "$(db "SELECT COUNT(*) FROM requests")" 3 "three requests, one target"
fake_script '{"method":"POST","path":"movie$","action":"delay","ms":300}'
mr-process -c "$CONF" -j 4 > /dev/null 2>&1; rc=$?
is "$rc" 0 "same target thrice: exit 0"
is "$(db "SELECT COUNT(*) FROM requests WHERE status = 'SentToRadarr'")" \
    3 "all three sent"
is "$(posts radarr 'movie$')" 1 "one POST for the three"

done_testing
