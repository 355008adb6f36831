#!/bin/sh
# Round 1 runs in parallel: the TMDb searches and the Spotify token
# request overlap, and several queries share the connections.  Coarse
# bounds only: N requests delayed 200 ms take well under N x 200 ms.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS"
cconf tmdb spotify musicbrainz

fake_script '[{"service":"tmdb","action":"delay","ms":200},{"service":"spotify","action":"delay","ms":200},{"service":"spotify-accounts","action":"delay","ms":200}]'
start=$(date +%s%N)
mr-classify -c "$CONF" Dexter > "$T/o"; rc=$?
end=$(date +%s%N)
is "$rc" 0 "one query: exit 0"
is "$(jget "$T/o" .best.external_id)" 79349 "one query: answered"
n=$(fake_count)
ms=$(( (end - start) / 1000000 ))
diag "one query: $n delayed requests in $ms ms"
[ "$n" -ge 5 ] && [ "$ms" -lt $((n * 200 - 300)) ]; ok $? "one query: $n requests of 200 ms overlap ($ms ms)"
# The three round-1 requests start together: all within 150 ms.
spread=$(fake_requests | jq -s '[.[] | select(.path | test("search/movie|search/tv|api/token")) | .t] | (max - min) * 1000 | floor')
[ "$spread" -lt 150 ]; ok $? "round 1 requests start together (spread $spread ms)"

rm -f "$T/mr.db"
fake_reset
# Spotify's default 5 requests/s would be the bound here, not parallelism.
CC_EXTRA="[spotify]
rate = 100" cconf tmdb spotify musicbrainz
fake_script '[{"service":"tmdb","action":"delay","ms":200},{"service":"spotify","action":"delay","ms":200}]'
start=$(date +%s%N)
mr-classify -c "$CONF" -j 8 Dexter Interstellar "Breaking Bad" "Fight Club" \
    "Shutter Island" "The Office" "Dune 1984" "Game of Thrones" > "$T/o"; rc=$?
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
n=$(fake_requests | jq -s '[.[] | select(.service == "tmdb" or .service == "spotify")] | length')
diag "8 queries: $n delayed requests in $ms ms"
[ "$ms" -lt $((n * 200 / 3)) ]; ok $? "8 queries: $n delayed requests in well under $n x 200 ms ($ms ms)"
is "$(jq -r .query < "$T/o" | tr '\n' '|')" "Dexter|Interstellar|Breaking Bad|Fight Club|Shutter Island|The Office|Dune 1984|Game of Thrones|" \
    "records in input order"
is "$(fake_requests spotify-accounts | grep -c .)" 1 "one token request shared by every query"
done_testing
