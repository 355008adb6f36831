#!/bin/sh
# [arr] tag_requester: each add carries a tag named after the requester,
# created through the service's tag API once and reused afterwards (also
# across runs); an existing tag is reused without a POST.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

# Sonarr already has a tag "bob" (id 7).
echo '{"sonarr": {"next_id": 1, "tags": [{"label": "bob", "id": 7}]}}' \
    > "$T/fake-state.json"
fake_start radarr,sonarr
write_config "[arr]
tag_requester = true"

tag_posts() { posts "$1" '/api/v[13]/tag$'; }
movie_tags() {
	fake_requests radarr | jq -c --argjson id "$1" \
	    'select(.method == "POST" and (.path | test("/movie$"))) |
	     .body | fromjson | select(.tmdbId == $id) | .tags'
}

{
	cls Deadpool movie radarr 293660
	cls "Despicable Me 2" movie radarr 93456
	cls "Breaking Bad" tv sonarr 81189
} | mr-request -c "$CONF" -u "Alice Smith" > /dev/null
mr-process -c "$CONF" -j 1 > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "mr-process: exit 0"
is "$(cat "$T/err")" "" "nothing on stderr"
is "$(tag_posts radarr)" 1 "one POST /tag for two Radarr adds by one person"
is "$(fake_requests radarr | jq -r 'select(.method == "POST" and (.path | test("/tag$"))) | .body | fromjson | .label')" \
    "alice-smith" "the tag is named after the requester"
is "$(movie_tags 293660)" "[1]" "the first add carries the new tag"
is "$(movie_tags 93456)" "[1]" "the second add reuses it"
is "$(tag_posts sonarr)" 1 "Sonarr gets its own tag"
is "$(fake_requests sonarr | jq -c 'select(.method == "POST" and (.path | test("/series$"))) | .body | fromjson | .tags')" \
    "[2]" "the series carries Sonarr's tag"

# Another run, the same requester: found with GET, not created again.
cls "Heat" movie radarr 990201 | mr-request -c "$CONF" -u "alice smith" > /dev/null
mr-process -c "$CONF" -j 1 > /dev/null 2>&1; rc=$?
is "$rc" 0 "second run: exit 0"
is "$(tag_posts radarr)" 1 "no second POST /tag (the label matches any case)"
is "$(movie_tags 990201)" "[1]" "the tag is reused across runs"

# A tag the service already had.
fake_post /_fake/reset > /dev/null
cls "Game of Thrones" tv sonarr 121361 | mr-request -c "$CONF" -u bob > /dev/null
mr-process -c "$CONF" -j 1 > /dev/null 2>&1
is "$(tag_posts sonarr)" 0 "an existing tag: no POST /tag"
is "$(fake_requests sonarr | jq -c 'select(.method == "POST") | .body | fromjson | .tags')" \
    "[7]" "the add carries the existing tag"

# Without tag_requester: no tag calls at all.
write_config
fake_post /_fake/reset > /dev/null
cls "Anime Show" tv sonarr 900101 | mr-request -c "$CONF" -u carol > /dev/null
mr-process -c "$CONF" -j 1 > /dev/null 2>&1
is "$(fake_requests sonarr | jq -r .path | grep -c '/tag')" 0 \
    "tag_requester off: no tag requests"
is "$(fake_requests sonarr | jq -c 'select(.method == "POST") | .body | fromjson | .tags')" \
    "[]" "and no tags on the add"

done_testing
