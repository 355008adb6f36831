#!/bin/sh
# End to end from plain titles: mr-request stores them, mr-process
# classifies (TMDb, Spotify, MusicBrainz fakes) and adds to the *arr fakes:
# a movie, a show, an artist and an album.  mr-classify | mr-request keeps
# the classification (no second search).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

have_tool mr-classify || { skip "no mr-classify"; done_testing; }

# The *arr fakes know only their own fixtures: give them the catalog's
# items (constructed from existing lookup answers, ids from the catalog).
fx=$T/fixtures
cp -R "$MR_TOP/tests/fixtures" "$fx"
jq '.tmdbId = 157336 | .title = "Interstellar" | .originalTitle = "Interstellar"
    | .year = 2014 | .imdbId = "tt0816692" | .titleSlug = "interstellar-157336"
    | .sortTitle = "interstellar" | .cleanTitle = "interstellar"' \
    "$fx/radarr/movie_lookup_tmdb_990201_constructed.json" \
    > "$fx/radarr/movie_lookup_tmdb_157336_test.json"
jq '.[0] | .tvdbId = 79349 | .title = "Dexter" | .year = 2006
    | .tmdbId = 1405 | .imdbId = "tt0773262" | .titleSlug = "dexter"
    | .sortTitle = "dexter" | .cleanTitle = "dexter" | [.]' \
    "$fx/sonarr/series_lookup_tvdb_81189_breaking_bad.json" \
    > "$fx/sonarr/series_lookup_tvdb_79349_test.json"
MUSE=9c9f1380-2516-4fc9-a3e6-f9f61941d090
BEATLES=b10bbbfc-cf9e-42e0-be17-e2c3e1d2600d
ABBEY=9162580e-5df4-32de-80cc-f45a8d8a9b1d
jq --arg muse "$MUSE" --arg beatles "$BEATLES" --arg abbey "$ABBEY" '
    .artists[1] as $a
    | .artists += [($a | .foreignArtistId = $muse | .artistName = "Muse"
        | .sortName = "muse" | .cleanName = "muse"),
      ($a | .foreignArtistId = $beatles | .artistName = "The Beatles"
        | .sortName = "beatles, the" | .cleanName = "thebeatles")]
    | .albums += [{foreignAlbumId: $abbey, title: "Abbey Road",
        artist: $beatles, albumType: "Album", secondaryTypes: [],
        releaseDate: "1969-09-26T00:00:00Z"}]' \
    "$MR_TOP/tests/fixtures/lidarr/album_catalog_constructed.json" \
    > "$fx/lidarr/album_catalog_constructed.json"

fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr \
    --fixtures "$fx"
write_config

mr-request -c "$CONF" "Interstellar" "Dexter" "Muse" "Abbey Road album" \
    > "$T/req"; rc=$?
is "$rc" 0 "four titles queued"
is "$(jq -r .status "$T/req" | sort -u)" Pending "all Pending, unclassified"
is "$(fake_count tmdb)" 0 "mr-request searches nothing"

mr-process -c "$CONF" -p > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "mr-process: exit 0"
is "$(cat "$T/err")" "" "quiet on stderr"
is "$(jq -r '[.id, .status, .external_id] | @tsv' "$T/out" | sort -n | tr '\n' ' ')" \
    "1	SentToRadarr	157336 2	SentToSonarr	79349 3	SentToLidarr	$MUSE 4	SentToLidarr	$BEATLES " \
    "movie, show, artist and album sent by their ids"
is "$(fake_requests radarr | jq -r 'select(.method == "POST") | .body | fromjson | .tmdbId')" \
    157336 "Radarr POST by tmdbId"
is "$(fake_requests sonarr | jq -r 'select(.method == "POST") | .body | fromjson | .tvdbId')" \
    79349 "Sonarr POST by tvdbId"
like "$(fake_requests lidarr | jq -r 'select(.method == "POST") | .body' | tr '\n' ' ')" \
    "$MUSE" "Lidarr artist POST by MusicBrainz id"
like "$(fake_requests lidarr | jq -r 'select(.method == "POST" or .method == "PUT") | .body' | tr '\n' ' ')" \
    "$ABBEY" "Lidarr album request by release-group id"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'classified'")" 4 \
    "classified events"
is "$(db "SELECT COUNT(*) FROM requests WHERE classification_data IS NULL")" 0 \
    "classifications stored"

# mr-classify | mr-request keeps the classification: mr-process does not
# search again.
fake_reset
mr-classify -c "$CONF" "Game of Thrones" > "$T/cls"
mr-request -c "$CONF" < "$T/cls" > "$T/req"; rc=$?
is "$rc" 0 "classified record queued"
is "$(jq -r '[.arr_service, .external_id] | @tsv' "$T/req")" "sonarr	121361" \
    "classification kept on the request"
n=$(fake_count tmdb)
mr-process -c "$CONF" -p > "$T/out"; rc=$?
is "$rc" 0 "sent: exit 0"
is "$(jq -r .status "$T/out")" SentToSonarr "sent by the kept classification"
is "$(fake_count tmdb)" "$n" "no second search"

# The same title as plain text is a duplicate of the open request only
# while it is open; the same target once sent is a duplicate too.
out=$(mr-classify -c "$CONF" "Game of Thrones" | mr-request -c "$CONF")
is "$(printf '%s' "$out" | jq -r .duplicate_of)" 5 \
    "same target as a sent request: duplicate_of"

done_testing
