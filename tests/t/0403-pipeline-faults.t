#!/bin/sh
# mr-process and failing services: 503 then up (retry, one POST), 401
# (exit 3, Pending, no attempt), 400 (Failed with the reason), connection
# refused (exit 4), max attempts (Failed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start sonarr,radarr,lidarr
write_config

# Radarr down: every answer 503.
fake_script '{"service":"radarr","path":".","action":"status","status":503}'
cls Deadpool movie radarr 293660 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 4 "service down: exit 4"
like "$(cat "$T/err")" '503' "says HTTP 503 on stderr"
is "$(db 'SELECT status, attempts FROM requests WHERE id = 1')" "Pending|1" \
    "Pending with one attempt"
is "$(db "SELECT next_attempt_at > datetime('now', '+50 seconds') FROM requests WHERE id = 1")" \
    1 "next attempt in the future (backoff)"
like "$(db 'SELECT last_error FROM requests WHERE id = 1')" '503' \
    "last_error kept"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'retrying'")" 1 \
    "a retrying event"
is "$(db 'SELECT COUNT(*) FROM requests WHERE lease_owner IS NOT NULL')" 0 \
    "lease released"

# Not due yet: a plain run leaves it alone.
mr-process -c "$CONF" -p > "$T/out"; rc=$?
is "$rc" 0 "not due: exit 0"
is "$(cat "$T/out")" "" "not due: nothing done"

# Radarr back: -i takes it now; exactly one POST in all.
curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
mr-process -c "$CONF" -i 1 -p > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "service up again: exit 0"
is "$(jq -r .status "$T/out")" SentToRadarr "sent after the outage"
is "$(posts radarr 'movie$')" 1 "exactly one POST to Radarr"

# 401: configuration error; the request stays Pending, no attempt counted.
write_config "[sonarr]
api_key = wrong-key-0123456789"
cls "Breaking Bad" tv sonarr 81189 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 3 "401: exit 3"
like "$(cat "$T/err")" 'sonarr' "names the service"
is "$(db 'SELECT status, attempts, next_attempt_at IS NULL FROM requests WHERE id = 2')" \
    "Pending|0|1" "401: Pending, no attempt, due at once"
is "$(db 'SELECT COUNT(*) FROM requests WHERE lease_owner IS NOT NULL')" 0 \
    "401: lease released"
no_secret_in "$T/err"; is "$?" 0 "no key in the message"
write_config
mr-process -c "$CONF" > /dev/null 2>&1; rc=$?
is "$rc" 0 "right key: exit 0"
is "$(status_of 2)" SentToSonarr "sent with the right key"

# 400 validation: Failed at once with the readable reason.
fake_script '{"service":"radarr","method":"POST","path":"movie$","action":"status","status":400,"body":[{"propertyName":"RootFolderPath","errorMessage":"Root folder is not writable by user","severity":"error"}]}'
cls "Despicable Me 2" movie radarr 93456 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "400: exit 1"
is "$(status_of 3)" Failed "400: Failed"
like "$(db 'SELECT last_error FROM requests WHERE id = 3')" 'not writable' \
    "400: the reason is kept"
like "$(cat "$T/err")" 'request 3' "400: reported on stderr"
is "$(db 'SELECT attempts FROM requests WHERE id = 3')" 0 \
    "400: no retry attempt"
curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null

# Connection refused: exit 4, Pending.
write_config "[lidarr]
url = http://127.0.0.1:1"
cls Manowar music lidarr "$MANOWAR" musicbrainz 0.9 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 4 "connection refused: exit 4"
is "$(db 'SELECT status, attempts FROM requests WHERE id = 4')" "Pending|1" \
    "connection refused: Pending, attempt counted"

# Max attempts: the last transient failure makes it Failed.
write_config "[lidarr]
url = http://127.0.0.1:1
[process]
max_attempts = 2"
mr-process -c "$CONF" -i 4 > /dev/null 2>&1; rc=$?
is "$(db 'SELECT status, attempts FROM requests WHERE id = 4')" "Failed|2" \
    "after max_attempts: Failed"
is "$(db "SELECT COUNT(*) FROM events WHERE request_id = 4 AND event = 'failed'")" \
    1 "a failed event"

# A 401 from one service stops that service only: the others go on.
write_config "[sonarr]
api_key = wrong-key-0123456789"
cls "Game of Thrones" tv sonarr 121361 | mr-request -c "$CONF" > /dev/null
cls "The Test Heist" movie radarr 990201 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" -j 1 > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "401 from Sonarr: exit 3"
is "$(db "SELECT status || ':' || attempts FROM requests WHERE title = 'Game of Thrones'")" \
    "Pending:0" "the Sonarr request waits, no attempt"
is "$(db "SELECT status FROM requests WHERE title = 'The Test Heist'")" \
    SentToRadarr "the Radarr request is sent all the same"

# -q: a transient failure says nothing; the exit code tells.
fake_script '{"service":"radarr","path":".","action":"status","status":503}'
cls "Despicable Me 2" movie radarr 93456 | mr-request -c "$CONF" > /dev/null 2>&1
write_config
mr-process -c "$CONF" -q > /dev/null 2> "$T/err"; rc=$?
is "$rc" 4 "-q, service down: exit 4"
is "$(cat "$T/err")" "" "-q: nothing on stderr"
curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null

done_testing
