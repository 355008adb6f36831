#!/bin/sh
# mr-process records every upstream and *arr call it makes as an
# 'upstream' event (cache hits excluded); mr-report counts calls, errors
# and latency per service from them.
. "$(dirname "$0")/lib.sh"

fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr
write_config
db() { sqlite3 "$T/mr.db" "$1"; }

mr-request -c "$CONF" "Breaking Bad" > /dev/null
is $? 0 "a request queued"
fake_reset
mr-process -c "$CONF" > /dev/null 2>&1
is "$(db "SELECT status FROM requests WHERE id = 1")" SentToSonarr \
    "the show was sent"
seen_tmdb=$(fake_count tmdb)
seen_sonarr=$(fake_count sonarr)
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'upstream' AND
    json_extract(detail, '\$.service') = 'tmdb'")" "$seen_tmdb" \
    "one upstream event per TMDb request the fake saw"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'upstream' AND
    json_extract(detail, '\$.service') = 'sonarr'")" "$seen_sonarr" \
    "one upstream event per Sonarr request the fake saw"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'upstream' AND
    request_id IS NOT NULL")" 0 "upstream events belong to no request"
like "$(db "SELECT detail FROM events WHERE event = 'upstream' LIMIT 1")" \
    '"latency_ms":[0-9]' "latency recorded"

# A TMDb that keeps failing: the calls count as errors in the report.
mr-request -c "$CONF" "Game of Thrones" > /dev/null
fake_script '{"service":"tmdb","action":"status","status":503}'
mr-process -c "$CONF" > /dev/null 2>&1
curl -s -X DELETE "$FAKE_URL/_fake/script" > /dev/null
mr-report -c "$CONF" -f json > "$T/json"
is $? 0 "mr-report: exit 0"
errs=$(db "SELECT COUNT(*) FROM events WHERE event = 'upstream' AND
    json_extract(detail, '\$.service') = 'tmdb' AND
    json_extract(detail, '\$.status') >= 500")
isnt "$errs" 0 "the failing TMDb calls were recorded with their status"
is "$(jq '.upstream.tmdb.errors' "$T/json")" "$errs" \
    "mr-report counts them as TMDb errors"
is "$(jq '.upstream.tmdb.calls' "$T/json")" \
    "$(db "SELECT COUNT(*) FROM events WHERE event = 'upstream' AND
    json_extract(detail, '\$.service') = 'tmdb'")" \
    "mr-report counts every TMDb call"
like "$(mr-report -c "$CONF")" 'tmdb +[0-9]+ +[1-9]' \
    "the text report shows the TMDb row with its errors"

# A run with nothing to do and a dry run record nothing.
before=$(db "SELECT COUNT(*) FROM events WHERE event = 'upstream'")
mr-request -c "$CONF" "Dexter" > /dev/null
mr-process -n -c "$CONF" > /dev/null 2>&1
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'upstream'")" \
    "$before" "a dry run writes no upstream events"
done_testing
