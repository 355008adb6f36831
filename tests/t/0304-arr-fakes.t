#!/bin/sh
# The *arr fakes themselves answer like the real apps where tests rely on
# it: 401 with an empty body, 415 for a non-JSON Content-Type, 400
# problem details for a bad JSON type, 400 validation arrays for missing
# fields, unknown profiles and folders, duplicates, and query filters.
. "$(dirname "$0")/lib.sh"

fake_start sonarr,radarr,lidarr

# req SVC METHOD PATH [BODY [CONTENT_TYPE]]: status in $code, body in $T/b
req() {
	_k=$SONARR_KEY
	[ "$1" = radarr ] && _k=$RADARR_KEY
	[ "$1" = lidarr ] && _k=$LIDARR_KEY
	_v=v3
	[ "$1" = lidarr ] && _v=v1
	if [ $# -ge 4 ]; then
		code=$(curl -s -o "$T/b" -w '%{http_code}' -X "$2" \
		    -H "X-Api-Key: $_k" -H "Content-Type: ${5:-application/json}" \
		    --data-binary "$4" "$FAKE_URL/$1/api/$_v/$3")
	else
		code=$(curl -s -o "$T/b" -w '%{http_code}' -X "$2" \
		    -H "X-Api-Key: $_k" "$FAKE_URL/$1/api/$_v/$3")
	fi
}

code=$(curl -s -o "$T/b" -w '%{http_code}' -H 'X-Api-Key: nope' \
    "$FAKE_URL/sonarr/api/v3/system/status")
is "$code" 401 "wrong key: 401"
is "$(wc -c < "$T/b" | tr -d ' ')" 0 "wrong key: empty body"
code=$(curl -s -o "$T/b" -w '%{http_code}' \
    "$FAKE_URL/radarr/api/v3/system/status?apikey=$RADARR_KEY")
is "$code" 200 "apikey= in the query is read too (the client never does)"

req sonarr GET Series/Lookup?term=tvdb:81189
is "$code" 200 "paths are case-insensitive"

good='{"tvdbId":81189,"title":"Breaking Bad","qualityProfileId":1,"rootFolderPath":"/tv","monitored":true}'
req sonarr POST series "$good" application/x-www-form-urlencoded
is "$code" 415 "form Content-Type: 415"
req sonarr POST series '{"tvdbId":81189,"qualityProfileId":"1"}'
is "$code" 400 "string for an int: 400"
is "$(jq -r '.errors | keys[0]' "$T/b")" '$.qualityProfileId' \
    "string for an int: problem details name the field"
req sonarr POST series '{"tvdbId":81189,"title":"x","seriesType":"normal"}'
is "$code" 400 "unknown seriesType: 400"
req sonarr POST series '{"tvdbId":81189,"title":"Breaking Bad"}'
is "$code" 400 "missing fields: 400"
is "$(jq -r '[.[].propertyName] | sort | join(",")' "$T/b")" \
    QualityProfileId,RootFolderPath "missing fields: validation array"
req sonarr POST series '{"tvdbId":81189,"title":"B","qualityProfileId":99,"rootFolderPath":"/nope"}'
is "$(jq -r '[.[].errorMessage] | join("|")' "$T/b")" \
    "Quality Profile does not exist|Root folder '/nope' does not exist" \
    "unknown profile and root folder: their messages"
req sonarr POST series "$good"
is "$code" 201 "add: 201"
is "$(jq -r '[.id, .path, .monitored] | @csv' "$T/b")" \
    '1,"/tv/Breaking Bad",true' "add: id and path"
req sonarr POST series "$good"
is "$(jq -r '.[0].errorMessage' "$T/b")" \
    "This series has already been added" "duplicate: Sonarr's message"
req sonarr GET 'series?tvdbId=81189'
is "$(jq length "$T/b")" 1 "series?tvdbId= finds it"
req sonarr GET 'series?tvdbId=1'
is "$(jq length "$T/b")" 0 "series?tvdbId= of another: empty"
req sonarr GET 'series?tvdbId=abc'
is "$code" 400 "series?tvdbId=abc: 400"
req sonarr GET 'series/lookup?term=tvdb:81189'
is "$(jq '.[0].id' "$T/b")" 1 "lookup returns the library copy"
req sonarr POST series '{"tvdbId":5,"title":"x","qualityProfileId":1,"rootFolderPath":"/tv","monitored":true}'
is "$(jq -r '.[0].errorMessage' "$T/b")" \
    "A series with this ID was not found" "unknown tvdbId: 400"

req radarr POST movie '{"tmdbId":293660,"qualityProfileId":1,"rootFolderPath":"/movies","monitored":true}'
is "$code" 201 "radarr add: 201"
req radarr POST movie '{"tmdbId":293660,"qualityProfileId":1,"rootFolderPath":"/movies","monitored":true}'
is "$(jq -r '.[0].errorMessage' "$T/b")" \
    "This movie has already been added" "radarr duplicate: its message"
req radarr GET 'movie/lookup/tmdb?tmdbId=1'
is "$code" 500 "radarr unknown tmdbId lookup: 500 like the real app"

M=00eeed6b-5897-4359-8347-b8cd28375331
req lidarr POST artist "{\"foreignArtistId\":\"$M\",\"artistName\":\"Manowar\",\"qualityProfileId\":1,\"metadataProfileId\":1,\"rootFolderPath\":\"/music/\",\"monitored\":true,\"addOptions\":{\"monitor\":\"none\"}}"
is "$code" 201 "lidarr add: 201"
is "$(jq .monitored "$T/b")" false "lidarr: addOptions.monitor none unmonitors the artist"
req lidarr GET "album?artistId=$(jq .id "$T/b")"
is "$(jq -r '[.[].title] | sort | join(",")' "$T/b")" \
    "Fighting the World,Kings of Metal" "lidarr: albums the profile lets through"
req lidarr POST artist "{\"foreignArtistId\":\"$M\",\"artistName\":\"Manowar\",\"qualityProfileId\":1,\"metadataProfileId\":1,\"rootFolderPath\":\"/music/\"}"
is "$(jq -r '.[0].errorMessage' "$T/b")" \
    "This artist has already been added." "lidarr duplicate: with the period"
req lidarr GET 'artist?mbId=nope'
is "$code" 400 "artist?mbId= not a GUID: 400"
req lidarr POST album '{"foreignAlbumId":"7e57b000-0000-4000-8000-00000000b011","monitored":true}' text/json
is "$(jq -r '.[0].errorMessage' "$T/b")" "'Artist' must not be empty." \
    "album without artist: 400 (text/json accepted)"
req lidarr PUT album/monitor '{"monitored":true}'
is "$code" 500 "album/monitor without albumIds: 500"
req lidarr PUT album/monitor '{"albumIds":[1]}' text/plain
is "$code" 415 "album/monitor text/plain: 415"

fake_restart
req sonarr GET 'series?tvdbId=81189'
is "$(jq length "$T/b")" 1 "state survives a restart"

done_testing
