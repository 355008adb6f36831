#!/bin/sh
# mr-report over what the real tools wrote: requests processed by
# mr-process, an override by mr-reclassify, a retry after a 503.
. "$(dirname "$0")/lib.sh"

for t in mr-request mr-process mr-reclassify mr-report; do
	if ! have_tool $t; then
		echo "1..0 # skip $t is not built yet"
		exit 0
	fi
done
for s in tmdb spotify musicbrainz sonarr radarr lidarr; do
	if [ ! -f "$MR_TOP/tests/fake/svc_$s.py" ]; then
		echo "1..0 # skip the $s fake is not there yet"
		exit 0
	fi
done
fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr
write_config

mr-request -c "$CONF" "Breaking Bad" Fargo "Game of Thrones" > /dev/null
is $? 0 "three requests queued"
# Sonarr answers 503 to every add in the first run: more than the HTTP
# layer retries, so the requests wait for a later run.
fake_script '{"service":"sonarr","method":"POST","path":"series$",
    "action":"status","status":503}'
mr-process -c "$CONF" > /dev/null 2>&1
curl -s -X DELETE "$FAKE_URL/_fake/script" > /dev/null
db() { sqlite3 "$T/mr.db" "$1"; }
diag "after the first run: $(db "SELECT group_concat(id || ':' || status,
    ' ') FROM requests")"
is "$(db "SELECT status FROM requests WHERE id = 2")" NeedsReview \
    "Fargo waits for a person"
# A person picks the TV show; then everything due is processed.
mr-reclassify -c "$CONF" -s sonarr -e 121361 2 > /dev/null
is $? 0 "mr-reclassify sets Fargo by hand"
db "UPDATE requests SET next_attempt_at = NULL WHERE status = 'Pending'"
mr-process -c "$CONF" > /dev/null 2>&1
mr-report -c "$CONF" -f json > "$T/json"
is $? 0 "mr-report: exit 0"
sent=$(db "SELECT COUNT(*) FROM requests WHERE status LIKE 'SentTo%'")
is "$(jq .success.sent "$T/json")" "$sent" "sent as sqlite3 counts it"
is "$(jq .total "$T/json")" 3 "three requests"
is "$sent" 3 "all three were sent in the end"
is "$(jq .routing.overridden "$T/json")" 1 "one overridden (mr-reclassify)"
is "$(jq .routing.auto "$T/json")" "$((sent - 1))" \
    "the other sent ones were routed automatically"
like "$(jq .retries.requests "$T/json")" '^[1-9]' \
    "the 503 shows as a retried request"
is "$(jq .time_to_sent_s.count "$T/json")" "$sent" \
    "time to sent measured for every sent request"
done_testing
