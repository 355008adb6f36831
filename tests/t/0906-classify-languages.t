#!/bin/sh
# Languages: [tmdb] language (default en-US) and region go to TMDb; titles
# typed in another language match through original titles ("Le Fabuleux
# Destin d'Amélie Poulain", "千と千尋の神隠し") and, when TMDb matched a
# title it does not show, through the alternative titles it then fetches.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS,radarr"
cconf tmdb spotify musicbrainz

tmdb_queries() {
	fake_requests tmdb | jq -r 'select(.path | test("/search/movie$")) | .query'
}

mr-classify -c "$CONF" "Le Fabuleux Destin d'Amélie Poulain" > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 0 "a French title: exit 0"
is "$(jget "$T/o" '[.best.media_type, .best.external_id, .best.title] | join(" ")')" \
    "movie 194 Amélie" "a French title matches the film through its original title"
is "$(jget "$T/o" '.best.confidence >= 0.6 and (.ambiguous | not)')" true \
    "confident enough to send"
is "$(cat "$T/e")" "" "nothing on stderr"
like "$(tmdb_queries | head -n 1)" '(^|&)language=en-US(&|$)' "language defaults to en-US"
unlike "$(tmdb_queries | head -n 1)" 'region=' "no region unless configured"

mr-classify -c "$CONF" "千と千尋の神隠し" > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 0 "a Japanese title: exit 0"
is "$(jget "$T/o" '[.best.media_type, .best.external_id, .best.title] | join(" ")')" \
    "movie 129 Spirited Away" "a Japanese title matches through its original title"
is "$(jget "$T/o" '.best.confidence >= 0.6')" true "confident"
is "$(fake_requests tmdb | jq -r .path | grep -c alternative_titles)" 0 \
    "a title TMDb shows: no alternative titles fetched"

# A title that only the alternative titles know.
fake_reset
mr-classify -c "$CONF" "Sen to Chihiro no Kamikakushi" > "$T/o"; rc=$?
is "$rc" 0 "a romanised title: exit 0"
is "$(jget "$T/o" '[.best.external_id, .best.title] | join(" ")')" \
    "129 Spirited Away" "matches through an alternative title"
is "$(fake_requests tmdb | jq -r .path | grep -c '/movie/129/alternative_titles$')" 1 \
    "the alternative titles of the result fetched once"
mr-classify -c "$CONF" "Sen to Chihiro no Kamikakushi" > "$T/o2"
is "$(fake_requests tmdb | jq -r .path | grep -c alternative_titles)" 1 \
    "and cached"
is "$(jget "$T/o2" .best.external_id)" 129 "the cached answer the same"
mr-classify -c "$CONF" "Die fabelhafte Welt der Amelie" > "$T/o"
is "$(jget "$T/o" .best.external_id)" 194 "a German title without its accent"

# [tmdb] language and region are sent.
CC_EXTRA="[tmdb]
language = fr-FR
region = FR" cconf tmdb spotify musicbrainz
rm -f "$T/mr.db"
fake_reset
mr-classify -c "$CONF" "Le Fabuleux Destin d'Amélie Poulain" > "$T/o"; rc=$?
is "$rc" 0 "language fr-FR: exit 0"
q=$(tmdb_queries | head -n 1)
like "$q" '(^|&)language=fr-FR(&|$)' "language sent"
like "$q" '(^|&)region=FR(&|$)' "region sent with the movie search"
unlike "$(fake_requests tmdb | jq -r 'select(.path | test("/search/tv$")) | .query' | head -n 1)" \
    'region=' "TV search takes no region"
is "$(jget "$T/o" '[.best.external_id, .best.title] | join(" ")')" \
    "194 Le Fabuleux Destin d'Amélie Poulain" "titles come back in the language asked"

# Through mr-request and mr-process to Radarr by the TMDb id.
write_config
mr-request -c "$CONF" "千と千尋の神隠し" > /dev/null
mr-process -c "$CONF" -p > "$T/o" 2> "$T/e"; rc=$?
is "$(jget "$T/o" '[.status, .external_id] | join(" ")')" "SentToRadarr 129" \
    "a Japanese request reaches Radarr"

done_testing
