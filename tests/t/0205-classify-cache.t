#!/bin/sh
# Every upstream answer goes through the cache: the same queries twice
# cost no request; --refresh and --no-cache ask again.  The Spotify token
# is fetched once, reused across runs, and fetched again after a 401.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS"
cconf tmdb spotify musicbrainz
Q1=Dexter Q2=Nirvana Q3="Abbey Road album" Q4="Qzxv Wplk"

mr-classify -c "$CONF" "$Q1" "$Q2" "$Q3" "$Q4" > "$T/o1"
n1=$(fake_count)
[ "$n1" -gt 0 ]; ok $? "first run asks upstream ($n1 requests)"
fake_reset
mr-classify -c "$CONF" "$Q1" "$Q2" "$Q3" "$Q4" > "$T/o2"
is "$(fake_count)" 0 "second run: zero requests (misses cached too)"
is "$(jq -c 'del(.elapsed_ms)' < "$T/o2")" "$(jq -c 'del(.elapsed_ms)' < "$T/o1")" "second run: same records"

mr-classify -c "$CONF" --refresh "$Q1" > /dev/null
[ "$(fake_count)" -gt 0 ]; ok $? "--refresh asks again"
fake_reset
mr-classify -c "$CONF" "$Q1" > /dev/null
is "$(fake_count)" 0 "after --refresh: cached again"
mr-classify -c "$CONF" --no-cache "$Q1" > /dev/null
[ "$(fake_count)" -gt 0 ]; ok $? "--no-cache asks again"

# Token: one request for two runs; an expired token is replaced once.
rm -f "$T/mr.db"
fake_reset
mr-classify -c "$CONF" Queen > /dev/null
mr-classify -c "$CONF" Muse > /dev/null
is "$(fake_count spotify-accounts)" 1 "token fetched once, reused by the next run"
fake_post /spotify-accounts/api/expire > /dev/null
fake_reset
mr-classify -c "$CONF" "Blade Runner" > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 0 "expired token: exit 0"
like "$(fake_requests spotify | jq -r .status | tr '\n' ' ')" "^401 200 (200 )*$" "expired token: 401, then retried"
is "$(fake_count spotify-accounts)" 1 "expired token: one new token"
is "$(cat "$T/e")" "" "expired token: nothing on stderr"

# Development-Mode shape: no popularity, no followers.
fake_stop
fake_start "$SVCS" --opt spotify_shape=dev
cconf tmdb spotify musicbrainz
rm -f "$T/mr.db"
mr-classify -c "$CONF" Nirvana > "$T/o"; rc=$?
is "$(jget "$T/o" '[.best.media_type,.best.title]|join(" ")')" "music Nirvana" "dev-mode shape: still parsed"
done_testing
