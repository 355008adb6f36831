#!/bin/sh
# No secret in any URL the fakes saw, in the cache keys, on stderr or in
# the output; the Spotify client secret is never stored.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS"
cconf tmdb spotify musicbrainz
mr-classify -c "$CONF" -v -v Dexter Nirvana "Abbey Road album" > "$T/o" 2> "$T/e"
fake_requests | jq -r '.path + "?" + .query' > "$T/urls"
is "$(grep -c . "$T/urls")" "$(fake_count)" "every request logged"
no_secret_in "$T/urls"; ok $? "no secret in any URL"
no_secret_in "$T/o" "$T/e"; ok $? "no secret in output or diagnostics"
fake_requests tmdb | jq -r '.headers.Authorization' | sort -u > "$T/auth"
is "$(cat "$T/auth")" "Bearer $TMDB_TOKEN" "TMDb token sent as a Bearer header"
fake_requests musicbrainz | jq -r '.headers["User-Agent"]' | sort -u > "$T/ua"
is "$(cat "$T/ua")" "media-route-test/1.0 ( test@example.org )" "MusicBrainz gets the configured User-Agent"
fake_requests musicbrainz | jq -r .query | grep -vc 'fmt=json' > "$T/nofmt"
is "$(cat "$T/nofmt")" 0 "MusicBrainz requests ask for fmt=json"
sqlite3 "$T/mr.db" .dump > "$T/dump" 2>/dev/null || strings "$T/mr.db" > "$T/dump"
! grep -F -e "$SPOTIFY_SECRET" -e "$TMDB_TOKEN" "$T/dump" > /dev/null; ok $? "no key or client secret in the database"
grep -q spotify_token "$T/dump"; ok $? "the Spotify access token is cached in the database"
fake_requests spotify | jq -r .query | grep -Ev 'limit=([1-9]|10)($|&)' > "$T/lim"
is "$(grep -c . "$T/lim")" 0 "Spotify search limit <= 10"

# The v3 api_key goes in the URL only when no token is configured.
rm -f "$T/mr.db"
fake_reset
cconf tmdbkey
mr-classify -c "$CONF" Dexter > "$T/o" 2> "$T/e"; rc=$?
is "$(jget "$T/o" .best.external_id)" 79349 "api_key auth works"
fake_requests tmdb | jq -r .query | grep -c "api_key=$TMDB_KEY" > "$T/n"
is "$(cat "$T/n")" "$(fake_count tmdb)" "api_key sent as the v3 URL parameter"
no_secret_in "$T/o" "$T/e"; ok $? "api_key not in output or diagnostics"
sqlite3 "$T/mr.db" "SELECT key FROM http_cache" > "$T/keys" 2>/dev/null
! grep -qF "$TMDB_KEY" "$T/keys"; ok $? "api_key not in cache keys"
done_testing
