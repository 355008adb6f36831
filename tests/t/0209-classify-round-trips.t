#!/bin/sh
# Round trips: alternative titles are fetched only when no TMDb search
# named the query.  "Dexter" is a show by that exact name; a film search
# that finds only "Dexter Goes Fishing" must not cost a third round.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS"
cconf tmdb spotify musicbrainz

alt_requests() {
	fake_requests tmdb | jq -r 'select(.path | test("alternative_titles"))
	    | .path' | grep -c .
}

fake_script '{"service":"tmdb","path":"^/3/search/movie$","action":"status",
    "status":200,"body":{"page":1,"total_pages":1,"total_results":1,
    "results":[{"id":4242,"title":"Dexter Goes Fishing",
    "original_title":"Dexter Goes Fishing","original_language":"en",
    "release_date":"2001-05-04","popularity":1.5,"vote_count":3,
    "vote_average":5.1,"genre_ids":[35],"adult":false,"video":false,
    "overview":"","poster_path":null,"backdrop_path":null}]}}'
mr-classify -c "$CONF" Dexter > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 0 "Dexter: exit 0"
is "$(jget "$T/o" '.best.media_type')" tv "the show wins"
is "$(alt_requests)" 0 \
    "the show named the query: no alternative titles fetched for the film"

# The same film answer when nothing names the query: alternative titles
# are fetched for it (the path the languages test relies on).
fake_reset
fake_script '{"service":"tmdb","path":"^/3/search/(movie|tv)$",
    "action":"status","status":200,"body":{"page":1,"total_pages":1,
    "total_results":1,"results":[{"id":4242,"title":"Dexter Goes Fishing",
    "original_title":"Dexter Goes Fishing","original_language":"en",
    "release_date":"2001-05-04","popularity":1.5,"vote_count":3,
    "vote_average":5.1,"genre_ids":[35],"adult":false,"video":false,
    "overview":"","poster_path":null,"backdrop_path":null}]}}'
mr-classify -c "$CONF" --no-cache "Pêcheur Dexter" > "$T/o" 2> "$T/e"
isnt "$(alt_requests)" 0 "no search named the query: alternative titles fetched"
done_testing
