#!/bin/sh
# lib/arr against the Sonarr fake (app v4): adds, already present, seasons,
# anime, tags, profiles by name, dry run, failures and their exit codes.
. "$(dirname "$0")/lib.sh"

have_tool mr-arr-add || { echo "1..0 # skip mr-arr-add not built"; exit 0; }
fake_start sonarr
write_config "[sonarr]
quality_profile = HD-720p
anime_root_folder = /anime
anime_quality_profile = hd-1080p"

add() {
	mr-arr-add -c "$CONF" -s sonarr "$@" > "$T/out" 2> "$T/err"
	rc=$?
}
out() { jq -r "$1" "$T/out"; }
last_post() { fake_requests sonarr | jq -c 'select(.method == "POST")' |
    tail -n 1 | jq -r .body; }
posts() { fake_requests sonarr | jq -c 'select(.method == "POST")' |
    grep -c . ; }
skey() { curl -s -H "X-Api-Key: $SONARR_KEY" "$FAKE_URL/sonarr/api/v3/$1"; }

# A new series: the lookup object plus the add fields.
add 81189
is "$rc" 0 "add: exit 0"
is "$(out .outcome)" added "add: outcome added"
is "$(out .title)" "Breaking Bad" "add: title from the service"
isnt "$(out '.id // 0')" 0 "add: the service's id"
body=$(last_post)
is "$(echo "$body" | jq -c '[.tvdbId, .monitored, .rootFolderPath,
    .qualityProfileId, .languageProfileId, .seasonFolder, .seriesType,
    .monitorNewItems, .addOptions.monitor,
    .addOptions.searchForMissingEpisodes]')" \
    '[81189,true,"/tv",3,1,true,"standard","all","all",true]' \
    "add: body has monitored, root folder, profiles by name, addOptions"
is "$(fake_requests sonarr | jq -r 'select(.method == "POST") |
    .headers["Content-Type"]')" application/json "add: JSON Content-Type"
is "$(fake_requests sonarr | jq -r 'select(.path | test("series/lookup")) |
    .query')" "term=tvdb:81189" "add: lookup by tvdb:N"

# Present already: success, no second POST, and never the whole library.
fake_reset
add 81189
is "$rc" 0 "present: exit 0"
is "$(out .outcome)" already_present "present: outcome already_present"
is "$(posts)" 0 "present: no POST"
is "$(fake_requests sonarr | jq -r 'select(.path | test("/series$")) |
    .query')" "tvdbId=81189" "present: targeted check series?tvdbId="
is "$(fake_requests sonarr | jq -c 'select(.path | test("/rootfolder$"))' |
    grep -c .)" 1 "profiles resolved once per run (one batch)"

# Season selection on a new series: just those seasons.
add --season 2 --season 4 121361
is "$rc" 0 "seasons: exit 0"
body=$(last_post)
is "$(echo "$body" | jq -c '[.seasons[] | select(.monitored) |
    .seasonNumber]')" '[2,4]' "seasons: only 2 and 4 monitored"
is "$(echo "$body" | jq -r '.addOptions | has("monitor")')" false \
    "seasons: addOptions leaves the season flags alone"
got=$(skey "series?tvdbId=121361" | jq -c '[.[0].seasons[] |
    select(.monitored) | .seasonNumber]')
is "$got" '[2,4]' "seasons: the service stored them"

# Season selection on a present series: PUT with that season monitored.
fake_reset
add --season 6 121361
is "$rc" 0 "present seasons: exit 0"
is "$(out .outcome)" already_present "present seasons: already_present"
is "$(fake_requests sonarr | jq -r 'select(.method == "POST") | .body' |
    jq -c .)" '{"name":"SeasonSearch","seriesId":'"$(out .id)"',"seasonNumber":6}' \
    "present seasons: no add, a SeasonSearch for the new season"
is "$(fake_requests sonarr | jq -r 'select(.method == "PUT") | .path')" \
    "/sonarr/api/v3/series/$(out .id)" "present seasons: PUT series/{id}"
got=$(skey "series?tvdbId=121361" | jq -c '[.[0].seasons[] |
    select(.monitored) | .seasonNumber]')
is "$got" '[2,4,6]' "present seasons: 6 monitored, 2 and 4 kept"

# Dry run: looked up, nothing sent.
fake_reset
add -n 900101
is "$rc" 0 "dry run: exit 0"
is "$(out .outcome)" would_add "dry run: would_add"
is "$(posts)" 0 "dry run: no POST"

# Unknown id: the lookup finds nothing; failed, exit 1, no POST.
add 153021
is "$rc" 1 "unknown id: exit 1"
like "$(out .reason)" "no series with TVDB id 153021" \
    "unknown id: readable reason"
is "$(posts)" 0 "unknown id: no POST"

# Anime: series type, anime root folder and profile.
add --anime 900101
is "$rc" 0 "anime: exit 0"
is "$(last_post | jq -c '[.seriesType, .rootFolderPath,
    .qualityProfileId]')" '["anime","/anime",4]' \
    "anime: seriesType anime, anime root folder and profile"

write_config "[sonarr]
tag_requester = true"

# Tags: find or create a tag named after the requester.
add --requested-by "Alice Smith" 900101
is "$rc" 0 "tag: present item, exit 0"
fake_reset
curl -s -X DELETE -H "X-Api-Key: $SONARR_KEY" \
    "$FAKE_URL/sonarr/api/v3/series/$(out .id)" > /dev/null
add --requested-by "Alice Smith" 900101
is "$(out .outcome)" added "tag: added"
is "$(fake_requests sonarr | jq -r 'select(.path | test("/tag$")) |
    select(.method == "POST") | .body | fromjson | .label')" alice-smith \
    "tag: created with the requester's label"
tag=$(skey tag | jq '.[] | select(.label == "alice-smith") | .id')
is "$(last_post | jq -c .tags)" "[$tag]" "tag: the series carries it"
curl -s -X DELETE -H "X-Api-Key: $SONARR_KEY" \
    "$FAKE_URL/sonarr/api/v3/series/$(out .id)" > /dev/null
fake_reset
add --requested-by "alice smith" 900101
is "$(fake_requests sonarr | jq -r 'select(.path | test("/tag$")) |
    .method' | tr '\n' ' ')" "GET " "tag: found again, not created twice"

# A tag that cannot be made does not stop the add.
curl -s -X DELETE -H "X-Api-Key: $SONARR_KEY" \
    "$FAKE_URL/sonarr/api/v3/series/$(out .id)" > /dev/null
fake_script '{"service":"sonarr","method":"POST","path":"/tag$",
    "action":"status","status":500,"body":{"message":"boom"}}'
add --attempts 1 --requested-by Carol 900101
is "$(out .outcome)" added "tag failure: still added"
is "$(last_post | jq -c .tags)" "[]" "tag failure: no tag"
fake_reset

# A 400 from the add: failed with the validation reason, exit 1.
curl -s -X DELETE -H "X-Api-Key: $SONARR_KEY" \
    "$FAKE_URL/sonarr/api/v3/series/$(out .id)" > /dev/null
fake_script '{"service":"sonarr","method":"POST","path":"/series$",
    "action":"status","status":400,"body":[{"propertyName":"TvdbId",
    "errorMessage":"A series with this ID was not found",
    "severity":"error"}]}'
add 900101
is "$rc" 1 "400: exit 1"
is "$(out .outcome)" failed "400: outcome failed"
like "$(out .reason)" "TvdbId: A series with this ID was not found" \
    "400: reason from the validation array"
is "$(out .status)" 400 "400: status"

# 503 metadata outage during the lookup: transient, exit 4.
fake_reset
fake_script '{"service":"sonarr","path":"series/lookup","action":"status",
    "status":503,"retry_after":7,
    "body":{"message":"SkyHook is unavailable"}}'
add --attempts 1 900101
is "$rc" 4 "503: exit 4"
is "$(out .outcome)" transient "503: outcome transient"
is "$(out .retry_after)" 7 "503: Retry-After passed on"

# Wrong key: auth, exit 3.
fake_reset
sed -i "s/^api_key = $SONARR_KEY\$/api_key = wrong-key/" "$CONF"
add 81189
is "$rc" 3 "401: exit 3"
is "$(out .outcome)" auth "401: outcome auth"
like "$(cat "$T/err")" "HTTP 401" "401: says so on stderr"
sed -i "s/^api_key = wrong-key\$/api_key = $SONARR_KEY/" "$CONF"

# No key in any URL, ever; always in the header.
is "$(grep -ci 'apikey=' "$FAKE_LOG")" 0 "no apikey= in any URL"
no_secret_in "$T/out" "$T/err"
ok $? "no key in the driver's output"
is "$(jq -r 'select(.service == "sonarr" and .status != 401) |
    .headers["X-Api-Key"]' "$FAKE_LOG" | sort -u)" "$SONARR_KEY" \
    "every accepted request carried X-Api-Key"

done_testing
