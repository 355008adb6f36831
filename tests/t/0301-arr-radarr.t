#!/bin/sh
# lib/arr against the Radarr fake: add, already present (also when the
# POST says "already been added"), unknown id, options, config errors.
. "$(dirname "$0")/lib.sh"

have_tool mr-arr-add || { echo "1..0 # skip mr-arr-add not built"; exit 0; }
fake_start radarr
write_config

add() {
	mr-arr-add -c "$CONF" -s radarr "$@" > "$T/out" 2> "$T/err"
	rc=$?
}
out() { jq -r "$1" "$T/out"; }
last_post() { fake_requests radarr | jq -c 'select(.method == "POST")' |
    tail -n 1 | jq -r .body; }
posts() { fake_requests radarr | jq -c 'select(.method == "POST")' |
    grep -c . ; }
rkey() { curl -s -H "X-Api-Key: $RADARR_KEY" "$FAKE_URL/radarr/api/v3/$1"; }

add 293660
is "$rc" 0 "add: exit 0"
is "$(out .outcome)" added "add: added"
is "$(out .title)" Deadpool "add: title"
is "$(last_post | jq -c '[.tmdbId, .monitored, .rootFolderPath,
    .qualityProfileId, .minimumAvailability, .addOptions.monitor,
    .addOptions.searchForMovie, .tags]')" \
    '[293660,true,"/movies",1,"released","movieOnly",true,[]]' \
    "add: body with monitored, first root folder and profile, defaults"
is "$(fake_requests radarr | jq -r 'select(.path | test("lookup")) |
    .path + "?" + .query')" \
    "/radarr/api/v3/movie/lookup/tmdb?tmdbId=293660" \
    "add: lookup by movie/lookup/tmdb"

fake_reset
add 293660
is "$rc" 0 "present: exit 0"
is "$(out .outcome)" already_present "present: already_present"
is "$(posts)" 0 "present: no POST"
is "$(fake_requests radarr | jq -r 'select(.path | test("/movie$")) |
    .query')" "tmdbId=293660" "present: targeted movie?tmdbId="

# The check and the lookup miss it (a race), the POST says "already been
# added": that is a success too.
fake_reset
curl -s -X POST -H "X-Api-Key: $RADARR_KEY" \
    -H 'Content-Type: application/json' \
    -d '{"tmdbId":93456,"title":"x","qualityProfileId":1,
    "rootFolderPath":"/movies","monitored":true}' \
    "$FAKE_URL/radarr/api/v3/movie" > /dev/null
fake_reset
lookup=$(jq -c . "$MR_TOP/tests/fixtures/radarr/movie_lookup_imdb_tt1690953_despicable_me_2.json")
fake_script "[{\"service\":\"radarr\",\"method\":\"GET\",\"path\":\"/movie\$\",
    \"times\":1,\"action\":\"status\",\"status\":200,\"body\":[]},
    {\"service\":\"radarr\",\"path\":\"lookup/tmdb\",\"times\":1,
    \"action\":\"status\",\"status\":200,\"body\":$lookup}]"
add 93456
is "$rc" 0 "race: exit 0"
is "$(out .outcome)" already_present "race: already_present"
is "$(fake_requests radarr | jq -r 'select(.method == "POST") | .status')" \
    400 "race: the POST was answered 400"
isnt "$(out '.id // 0')" 0 "race: id found afterwards"

# Unknown TMDb id: Radarr answers the lookup with a 500; failed, exit 1.
fake_reset
add 999999
is "$rc" 1 "unknown id: exit 1"
is "$(out .outcome)" failed "unknown id: failed, not transient"
like "$(out .reason)" "no movie with TMDb id 999999" "unknown id: reason"
is "$(posts)" 0 "unknown id: no POST"
is "$(fake_requests radarr | jq -c 'select(.path | test("lookup/tmdb"))' |
    grep -c .)" 1 "unknown id: the 500 is not retried"

# A real 5xx on that lookup is retried.
fake_reset
fake_script '{"service":"radarr","path":"lookup/tmdb","times":1,
    "action":"status","status":502,"body":"bad gateway"}'
add 990201
is "$(out .outcome)" added "lookup 502 then 200: added"
curl -s -X DELETE -H "X-Api-Key: $RADARR_KEY" \
    "$FAKE_URL/radarr/api/v3/movie/$(out .id)" > /dev/null

# Not an id at all.
add tt1431045
is "$rc" 1 "bad id: exit 1"
like "$(out .reason)" "not a TMDb id" "bad id: reason"

# Options: monitor false, no search, availability, profile by id.
write_config "[radarr]
monitor = false
search_on_add = false
minimum_availability = announced
quality_profile = 4"
add 990201
is "$rc" 0 "options: exit 0"
is "$(last_post | jq -c '[.monitored, .minimumAvailability,
    .addOptions.searchForMovie, .qualityProfileId]')" \
    '[false,"announced",false,4]' "options: applied"

# A root folder the service does not have: config error naming it.
write_config "[radarr]
root_folder = /films"
fake_reset
add 293660
is "$rc" 3 "bad root folder: exit 3"
is "$(out .outcome)" config "bad root folder: outcome config"
like "$(out .reason)" "root_folder '/films' does not exist \\(have: /movies\\)" \
    "bad root folder: names the key and what exists"
is "$(fake_requests radarr | jq -c 'select(.path | test("movie"))' |
    grep -c .)" 0 "bad root folder: nothing looked up"

# A Radarr URL that answers as Sonarr.
fake_stop
fake_start radarr,sonarr
write_config
sed -i "s|^url = $FAKE_URL/radarr|url = $FAKE_URL/sonarr|;
    s|^api_key = $RADARR_KEY|api_key = $SONARR_KEY|" "$CONF"
add 293660
is "$rc" 3 "wrong service: exit 3"
is "$(out .outcome)" config "wrong service: outcome config"
like "$(out .reason)" "answers as Sonarr, not Radarr" \
    "wrong service: clear message"

is "$(grep -ci 'apikey=' "$FAKE_LOG")" 0 "no apikey= in any URL"

done_testing
