#!/bin/sh
# lib/http never shows a secret: not in output, not in -v logs, not in
# error messages, whether the request succeeds, retries or fails.
. "$(dirname "$0")/lib.sh"

fake_start echo
U=$FAKE_URL/echo
G="mr-http-get -v --backoff 10 --max-backoff 50"
fake_script '[{"service":"echo","path":"^/s503","times":1,
    "action":"status","status":503},
    {"service":"echo","path":"^/s404","action":"status","status":404}]'
port=$(python3 -c 'import socket; s = socket.socket()
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

$G -H "X-Api-Key: $SONARR_KEY" -H "Authorization: Bearer $TMDB_TOKEN" \
    "$U/ok?api_key=$TMDB_KEY&query=x" \
    "$U/s503?query=x&API_KEY=$TMDB_KEY" \
    "$U/s404?token=$RADARR_KEY" \
    "$U/s404?client_secret=$SPOTIFY_SECRET&key=$LIDARR_KEY" \
    "http://127.0.0.1:$port/x?access_token=$TMDB_TOKEN" \
    > "$T/out" 2> "$T/err"
like "$(cat "$T/err")" 'attempt 2' "the -v log shows the retry"
like "$(cat "$T/out")" 'api_key=\*\*\*' "URLs are shown redacted"
ok $(no_secret_in "$T/out"; echo $?) "no secret on stdout"
ok $(no_secret_in "$T/err"; echo $?) "no secret in the -v log"
# The secrets really were sent (or the test above proves nothing).
is "$(fake_requests echo | jq -r '.headers["X-Api-Key"]' | sort -u)" \
    "$SONARR_KEY" "the header reached the service"
like "$(fake_requests echo | jq -r .query)" "api_key=$TMDB_KEY" \
    "the query key reached the service"
done_testing
