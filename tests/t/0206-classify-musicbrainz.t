#!/bin/sh
# MusicBrainz as the music source (no Spotify): never faster than 1
# request per second, even across processes; Lucene specials escaped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS" --rate musicbrainz=1/1
cconf tmdb musicbrainz
mr-classify -c "$CONF" -t music Nirvana "Abbey Road album" > "$T/o" 2> "$T/e"; rc=$?
mr-classify -c "$CONF" -t music Muse > "$T/o2" 2>> "$T/e"
is "$(jq -r .best.title < "$T/o" | tr '\n' '|')" "Nirvana|Abbey Road|" "music answered from MusicBrainz"
is "$(jget "$T/o" .best.external_id)" "5b11f4ce-a62d-471e-81fc-a69a8278c7da" "artist MBID from the search"
is "$(fake_get /_fake/stats | jq .rate_violations)" 0 "no request over 1/s"
n=$(fake_count musicbrainz)
gap=$(fake_requests musicbrainz | jq -s '[range(1; length) as $i | .[$i].t - .[$i-1].t] | min * 1000 | floor')
diag "$n requests, smallest gap $gap ms"
[ "$n" -ge 4 ] && [ "$gap" -ge 950 ]; ok $? "$n MusicBrainz requests at least ~1 s apart"

fake_reset
mr-classify -c "$CONF" -t music 'AC/DC (live) [remix]' > /dev/null 2>&1
q=$(fake_requests musicbrainz | jq -r .query | head -n 1)
like "$q" 'AC%5C%2FDC' "Lucene specials escaped in the query"
done_testing
