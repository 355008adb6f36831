#!/bin/sh
# Degraded answers: each source down (503) still answers and says why;
# TMDb down never makes a confident music answer; TMDb 401 is exit 3;
# everything unreachable is exit 4.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS"
cconf tmdb spotify musicbrainz

fake_script '{"service":"spotify","path":"^/v1/search","action":"status","status":503,"body":{"error":{"status":503,"message":"Service unavailable"}}}'
mr-classify -c "$CONF" Dexter > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 0 "spotify down: a show is still answered"
is "$(jget "$T/o" .best.external_id)" 79349 "spotify down: right id"
like "$(jget "$T/o" '.best.why|join(";")')" "spotify unavailable.*503" "spotify down: why names spotify"
is "$(jget "$T/o" '.best.confidence < 0.9')" true "spotify down: confidence lowered"
fake_reset

fake_script '{"service":"tmdb","path":"^/3/search","action":"status","status":503,"body":{"status_code":9,"status_message":"Service offline."}}'
rm -f "$T/mr.db"
mr-classify -c "$CONF" Queen > "$T/o" 2> "$T/e"; rc=$?
is "$(jget "$T/o" .best.media_type)" music "tmdb down: the band is still offered"
is "$(jget "$T/o" '.best.confidence <= 0.3')" true "tmdb down: a music answer is not confident"
like "$(jget "$T/o" '.best.why|join(";")')" "tmdb unavailable" "tmdb down: why names tmdb"
is "$(jget "$T/o" .ambiguous)" true "tmdb down: marked for a person"

mr-classify -c "$CONF" "Shutter Island" > "$T/o" 2> "$T/e"; rc=$?
is "$(jget "$T/o" '.error.code')" "tmdb.http" "tmdb down, nothing else: an error record"
is "$(jget "$T/o" '.error.status')" 503 "error record carries the status"
is "$(jget "$T/o" '.query')" "Shutter Island" "error record keeps the query"
like "$(cat "$T/e")" "^mr-classify: argv\\[1\\]: tmdb.http: tmdb: HTTP 503" "one line on stderr"
is "$rc" 4 "the only query failed transiently: exit 4"
fake_reset

fake_script '{"service":"musicbrainz","action":"status","status":503,"body":{"error":"rate"}}'
rm -f "$T/mr.db"
mr-classify -c "$CONF" Nirvana > "$T/o" 2> "$T/e"; rc=$?
is "$(jget "$T/o" '[.best.media_type,(.best.external_id|tostring)]|join(" ")')" "music null" \
    "musicbrainz down: answered without an id"
like "$(jget "$T/o" '.best.why|join(";")')" "musicbrainz unavailable" "musicbrainz down: why names it"
fake_reset

fake_script '{"service":"tmdb","action":"status","status":401,"body":{"status_code":7,"status_message":"Invalid API key: You must be granted a valid key.","success":false}}'
rm -f "$T/mr.db"
mr-classify -c "$CONF" Dexter Queen > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 3 "tmdb 401: exit 3"
like "$(cat "$T/e")" "tmdb.auth" "tmdb 401: the auth error on stderr"
is "$(grep -c . "$T/o")" 2 "tmdb 401: still one record per input"
is "$(jq -r .error.code < "$T/o" | tr '\n' ' ')" "tmdb.auth tmdb.auth " "tmdb 401: error records, not weaker answers"
fake_reset

CC_SPOTIFY_SECRET=wrong-secret cconf spotify
rm -f "$T/mr.db"
mr-classify -c "$CONF" Nirvana > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 3 "spotify invalid_client: exit 3"

CC_TMDB=$DEAD CC_SPOTIFY=$DEAD CC_MB=$DEAD cconf tmdb spotify musicbrainz
rm -f "$T/mr.db"
mr-classify -c "$CONF" Dexter Nirvana > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 4 "everything unreachable: exit 4"
is "$(jq -r .error.code < "$T/o" | sort -u | tr '\n' ' ')" "tmdb.network " "everything unreachable: error records"

cconf
mr-classify -c "$CONF" Dexter > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 3 "no source configured: exit 3"
like "$(cat "$T/e")" "no source configured" "no source configured: says so"
done_testing
