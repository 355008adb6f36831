#!/bin/sh
# mr-reclassify (-o, -s/-e, --again, --failed, --review, -n) and
# mr-backfill (TMDb ids stored where a TVDB id was needed, missing ids).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr
write_config

# 1: ambiguous between two movies.
jq -cn '{query:"Heist Thing", best:{media_type:"movie", service:"radarr",
    title:"Deadpool", external_id:"293660", id_source:"tmdb", confidence:0.5},
    ambiguous:true, matches:[
      {media_type:"movie", service:"radarr", title:"Deadpool",
       external_id:"293660", id_source:"tmdb", confidence:0.5},
      {media_type:"movie", service:"radarr", title:"The Test Heist",
       external_id:"990201", id_source:"tmdb", confidence:0.45}]}' |
    mr-request -c "$CONF" > /dev/null
# 2: sent to the wrong service.
cls "Breaking Bad" movie radarr 93456 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > /dev/null 2>&1
is "$(status_of 1) $(status_of 2)" "NeedsReview SentToRadarr" "setup"

out=$(mr-reclassify -c "$CONF" --review < /dev/null 2>&1); rc=$?
is "$rc" 2 "--review without a terminal: exit 2 (0802 tests it on one)"
like "$out" "needs a terminal" "--review without a terminal: says why"

out=$(mr-reclassify -c "$CONF" -n -o 2 1); rc=$?
is "$rc" 0 "-n -o: exit 0"
is "$(printf '%s' "$out" | jq -r '[.dry_run, .classification.best.external_id] | @tsv')" \
    "true	990201" "-n shows the change"
is "$(status_of 1)" NeedsReview "-n changes nothing"

out=$(mr-reclassify -c "$CONF" -o 2 1); rc=$?
is "$rc" 0 "-o 2: exit 0"
is "$(printf '%s' "$out" | jq -r '[.status, .external_id, .classification.best.manual] | @tsv')" \
    "Pending	990201	true" "-o 2: Pending with the chosen option"
mr-process -c "$CONF" > /dev/null 2>&1; rc=$?
is "$rc" 0 "process the chosen option: exit 0"
is "$(status_of 1)" SentToRadarr "the chosen option is sent"
is "$(fake_requests radarr | jq -r 'select(.method == "POST") | .body | fromjson | .tmdbId' | tail -1)" \
    990201 "by the chosen id"

out=$(mr-reclassify -c "$CONF" -s sonarr -e 81189 2); rc=$?
is "$rc" 0 "-s -e on a request sent to the wrong service: exit 0"
is "$(printf '%s' "$out" | jq -r '[.status, .arr_service, .external_id, .classification.best.id_source] | @tsv')" \
    "Pending	sonarr	81189	tvdb" "new target, TVDB id, Pending"
mr-process -c "$CONF" > /dev/null 2>&1
is "$(status_of 2)" SentToSonarr "sent to the right service"
is "$(db "SELECT COUNT(*) FROM events WHERE request_id = 2 AND event = 'reclassified'")" \
    1 "a reclassified event"

mr-reclassify -c "$CONF" -o 9 1 > /dev/null 2> "$T/err"; rc=$?
is "$rc" 1 "no such option: exit 1"
mr-reclassify -c "$CONF" 999 > /dev/null 2> "$T/err"; rc=$?
is "$rc" 1 "no such request: exit 1"
mr-reclassify -c "$CONF" -s sonarr 1 2> /dev/null; rc=$?
is "$rc" 2 "-s without -e: exit 2"
mr-reclassify -c "$CONF" -s lidarr -e 1234 1 2> /dev/null; rc=$?
is "$rc" 2 "-e not an MBID for lidarr: exit 2"
mr-reclassify -c "$CONF" 2> /dev/null; rc=$?
is "$rc" 2 "no ids: exit 2"

# --failed and --again.
fake_script '{"service":"radarr","method":"POST","path":"movie$","action":"status","status":400,"body":[{"propertyName":"Path","errorMessage":"Path is invalid"}]}'
cls Deadpool movie radarr 293660 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > /dev/null 2>&1
is "$(status_of 3)" Failed "setup: a Failed request"
curl -sf -X DELETE "$FAKE_URL/_fake/script" > /dev/null
is "$(mr-reclassify -c "$CONF" --failed --since 2999-01-01 | grep -c .)" 0 \
    "--failed --since the future: none"
out=$(mr-reclassify -c "$CONF" --failed); rc=$?
is "$rc" 0 "--failed: exit 0"
is "$(printf '%s' "$out" | jq -r '[.id, .status, .attempts, .last_error] | @tsv')" \
    "3	Pending	0	" "--failed: back to Pending, error cleared"
out=$(mr-reclassify -c "$CONF" --again 3)
is "$(printf '%s' "$out" | jq -r '[.status, .classification] | @tsv')" \
    "Pending	" "--again: classification dropped"
mr-process -c "$CONF" -p -i 3 > "$T/out" 2> /dev/null
is "$(jq -r '[.status, (.classification != null)] | @tsv' "$T/out")" \
    "NoMatch	true" "--again: mr-process classifies again (not in the catalog)"
is "$(db "SELECT COUNT(*) FROM events WHERE request_id = 3 AND event = 'classified'")" \
    1 "--again: a classified event"

# mr-backfill: a show stored with its TMDb id (as the prototype did), sent;
# a show that has no TVDB id yet; one that cannot be resolved.
cls "Game of Thrones" tv sonarr 1399 tmdb 0.9 '{"ids":{"tmdb":1399}}' |
    mr-request -c "$CONF" > /dev/null
db "UPDATE requests SET status = 'SentToSonarr' WHERE title = 'Game of Thrones'"
cls Dexter tv sonarr "" tvdb 0.9 '{"ids":{"tmdb":1405},"external_id":null,"id_source":null}' |
    mr-request -c "$CONF" > /dev/null
db "UPDATE requests SET status = 'NeedsReview' WHERE title = 'Dexter'"
cls "Zorblax Chronicles" tv sonarr "" tvdb 0.9 '{"ids":{"tmdb":9000001},"external_id":null,"id_source":null}' |
    mr-request -c "$CONF" > /dev/null
got=$(db "SELECT id FROM requests WHERE title = 'Game of Thrones'")
dex=$(db "SELECT id FROM requests WHERE title = 'Dexter'")

mr-backfill -c "$CONF" -n > "$T/out" 2> /dev/null; rc=$?
is "$(db "SELECT external_id FROM requests WHERE id = $got")" 1399 \
    "backfill -n changes nothing"
mr-backfill -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "backfill: exit 1 (one unresolved)"
is "$(db "SELECT external_id, json_extract(classification_data, '\$.best.id_source'), status FROM requests WHERE id = $got")" \
    "121361|tvdb|SentToSonarr" "TMDb id replaced by the TVDB id; status kept"
is "$(db "SELECT external_id, status FROM requests WHERE id = $dex")" \
    "79349|Pending" "missing TVDB id filled, back to Pending"
like "$(cat "$T/err")" 'Zorblax' "the unresolved one is reported"
is "$(jq -r 'select(.error) | .error.code' "$T/out")" backfill.unresolved \
    "an error record for it"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'backfilled'")" 2 \
    "backfilled events"
mr-backfill -c "$CONF" -l 1 > "$T/out" 2> /dev/null
is "$(grep -c . "$T/out")" 1 "-l 1: one request"

done_testing
