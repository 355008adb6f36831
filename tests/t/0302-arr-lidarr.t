#!/bin/sh
# lib/arr against the Lidarr fake: artist adds and album monitoring by
# Lidarr's rules (album in the library -> PUT album/monitor; artist in the
# library -> POST album with it; neither -> POST album adding the artist
# with only that album monitored).
. "$(dirname "$0")/lib.sh"

have_tool mr-arr-add || { echo "1..0 # skip mr-arr-add not built"; exit 0; }
fake_start lidarr
write_config

MANOWAR=00eeed6b-5897-4359-8347-b8cd28375331
QUARTET=7e57a000-0000-4000-8000-00000000a001
KINGS=7e57b000-0000-4000-8000-00000000b001
LIVE=7e57b000-0000-4000-8000-00000000b003
Q1=7e57b000-0000-4000-8000-00000000b011
Q2=7e57b000-0000-4000-8000-00000000b012

add() {
	mr-arr-add -c "$CONF" -s lidarr "$@" > "$T/out" 2> "$T/err"
	rc=$?
}
out() { jq -r "$1" "$T/out"; }
last_write() { fake_requests lidarr | jq -c \
    'select(.method == "POST" or .method == "PUT")' | tail -n 1; }
writes() { fake_requests lidarr | jq -c \
    'select(.method == "POST" or .method == "PUT")' | grep -c . ; }
lkey() { curl -s -H "X-Api-Key: $LIDARR_KEY" "$FAKE_URL/lidarr/api/v1/$1"; }
album_flag() { lkey "album?foreignAlbumId=$1" | jq -r '.[0].monitored'; }

# Neither artist nor album in the library.
add --album "$Q1"
is "$rc" 0 "new artist album: exit 0"
is "$(out .outcome)" added "new artist album: added"
is "$(out .title)" "Quartet in Four" "new artist album: title"
w=$(last_write)
is "$(echo "$w" | jq -r '.method + " " + .path')" \
    "POST /lidarr/api/v1/album" "new artist album: POST album"
is "$(echo "$w" | jq -r .body | jq -c '[.foreignAlbumId, .monitored,
    .artist.foreignArtistId, .artist.monitored, .artist.monitorNewItems,
    .artist.qualityProfileId, .artist.metadataProfileId,
    .artist.rootFolderPath, .artist.addOptions.albumsToMonitor,
    (.artist.addOptions | has("monitor"))]')" \
    "[\"$Q1\",true,\"$QUARTET\",true,\"none\",1,1,\"/music/\",[\"$Q1\"],false]" \
    "new artist album: artist add fields, albumsToMonitor, no monitor"
is "$(album_flag "$Q1")" true "new artist album: that album monitored"
is "$(album_flag "$Q2")" false "new artist album: the others not"
is "$(lkey "artist?mbId=$QUARTET" | jq -r '.[0].monitored')" true \
    "new artist album: artist monitored"

# The album is in the library (added with its artist): PUT album/monitor.
fake_reset
add --album "$Q2"
is "$rc" 0 "library album: exit 0"
is "$(out .outcome)" already_present "library album: already_present"
id=$(lkey "album?foreignAlbumId=$Q2" | jq '.[0].id')
is "$(fake_requests lidarr | jq -r 'select(.method == "POST" or
    .method == "PUT") | .method + " " + .path' | tr '\n' ' ')" \
    "PUT /lidarr/api/v1/album/monitor POST /lidarr/api/v1/command " \
    "library album: PUT album/monitor, then a search, no album POST"
is "$(fake_requests lidarr | jq -r 'select(.method == "PUT") | .body' |
    jq -c .)" "{\"albumIds\":[$id],\"monitored\":true}" \
    "library album: body"
is "$(fake_requests lidarr | jq -r 'select(.path | test("command$")) |
    .body' | jq -c .)" "{\"name\":\"AlbumSearch\",\"albumIds\":[$id]}" \
    "library album: AlbumSearch for it"
is "$(album_flag "$Q2")" true "library album: now monitored"
is "$(out .album_id)" "$id" "library album: album id reported"

# An artist add: profiles, monitorNewItems, addOptions.
fake_reset
add "$MANOWAR"
is "$rc" 0 "artist: exit 0"
is "$(out .outcome)" added "artist: added"
is "$(last_write | jq -r .body | jq -c '[.foreignArtistId, .monitored,
    .qualityProfileId, .metadataProfileId, .rootFolderPath,
    .monitorNewItems, .addOptions.monitor,
    .addOptions.searchForMissingAlbums]')" \
    "[\"$MANOWAR\",true,1,1,\"/music/\",\"all\",\"all\",true]" \
    "artist: body"
is "$(fake_requests lidarr | jq -r 'select(.path | test("/artist$")) |
    select(.method == "GET") | .query')" "mbId=$MANOWAR" \
    "artist: targeted check artist?mbId="

fake_reset
add "$MANOWAR"
is "$(out .outcome)" already_present "artist again: already_present"
is "$(writes)" 0 "artist again: nothing written"

# The artist is in the library, the album is not (the metadata profile
# left the live album out): POST album with the library artist.
fake_reset
is "$(lkey "album?foreignAlbumId=$LIVE" | jq length)" 0 \
    "live album not in the library"
add --album "$LIVE"
is "$rc" 0 "library artist: exit 0"
is "$(out .outcome)" added "library artist: added"
w=$(last_write)
aid=$(lkey "artist?mbId=$MANOWAR" | jq '.[0].id')
is "$(echo "$w" | jq -r .body | jq -c '[.foreignAlbumId, .monitored,
    .artist.id, (.artist | has("addOptions"))]')" \
    "[\"$LIVE\",true,$aid,false]" "library artist: POST album with it"
is "$(album_flag "$LIVE")" true "library artist: album monitored"
is "$(out .id)" "$aid" "library artist: artist id reported"

# Dry run of a library album: nothing written.
fake_reset
add -n --album "$KINGS"
is "$(out .outcome)" already_present "dry run: already_present"
is "$(writes)" 0 "dry run: nothing written"

# No search when search_on_add is off.
write_config "[lidarr]
search_on_add = false"
kid=$(lkey "album?foreignAlbumId=$KINGS" | jq '.[0].id')
curl -s -X PUT -H "X-Api-Key: $LIDARR_KEY" -H 'Content-Type: application/json' \
    -d "{\"albumIds\":[$kid],\"monitored\":false}" \
    "$FAKE_URL/lidarr/api/v1/album/monitor" > /dev/null
fake_reset
add --album "$KINGS"
is "$(album_flag "$KINGS")" true "no search: album monitored"
is "$(fake_requests lidarr | jq -c 'select(.path | test("command"))' |
    grep -c .)" 0 "no search: no command"
write_config

# Not an MBID: failed at once, nothing sent.
fake_reset
add not-a-uuid
is "$rc" 1 "bad mbid: exit 1"
like "$(out .reason)" "not a MusicBrainz artist id" "bad mbid: reason"
is "$(fake_requests lidarr | jq -c 'select(.path | test("artist"))' |
    grep -c .)" 0 "bad mbid: no artist request"

# Unknown metadata profile: config error.
write_config "[lidarr]
metadata_profile = Everything"
add "$QUARTET"
is "$rc" 3 "bad metadata profile: exit 3"
like "$(out .reason)" "metadata_profile 'Everything' does not exist \\(have: Standard \\(1\\)\\)" \
    "bad metadata profile: names the key and the choices"

# Metadata outage on the add: transient.
write_config
fake_reset
fake_script '{"service":"lidarr","path":"album/lookup","action":"status",
    "status":503,"body":{"message":"LidarrAPI unavailable"}}'
add --attempts 1 --album "$KINGS"
is "$rc" 4 "503: exit 4"
is "$(out .outcome)" transient "503: transient"

is "$(grep -ci 'apikey=' "$FAKE_LOG")" 0 "no apikey= in any URL"

done_testing
