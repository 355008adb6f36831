#!/bin/sh
# mr-process when classification fails: a source refusing its key stops
# the run (exit 3, request Pending, no attempt); a source down counts an
# attempt and backs off (exit 4), and the request is sent once it is up.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr
write_config "[tmdb]
read_access_token = wrong-token-0123456789abcdef0123456789"
mr-request -c "$CONF" "Game of Thrones" > /dev/null
mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 3 "TMDb 401: exit 3"
like "$(cat "$T/err")" 'tmdb' "names TMDb"
is "$(db 'SELECT status, attempts, next_attempt_at IS NULL, lease_owner IS NULL FROM requests')" \
    "Pending|0|1|1" "Pending, no attempt, due, lease released"
no_secret_in "$T/err"; is "$?" 0 "no token in the message"

write_config
fake_script '{"service":"tmdb","path":".","action":"status","status":503}'
mr-process -c "$CONF" -p > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 4 "TMDb down: exit 4"
like "$(cat "$T/err")" 'will retry' "says it will retry"
is "$(db 'SELECT status, attempts, next_attempt_at IS NOT NULL FROM requests')" \
    "Pending|1|1" "one attempt, next attempt set"
is "$(jq -r .status "$T/out")" Pending "-p prints the retrying request"
is "$(fake_count sonarr)" 0 "nothing sent"

curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
mr-process -c "$CONF" -i 1 > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "TMDb up again: exit 0"
is "$(status_of 1)" SentToSonarr "classified and sent"
is "$(posts sonarr 'series$')" 1 "one POST"

done_testing
