#!/bin/sh
# mr-process: classified requests go to the right service by the right id;
# routing decisions (NeedsReview, NoMatch); nothing is sent twice.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start sonarr,radarr,lidarr
write_config

{
	cls Deadpool movie radarr 293660
	cls "Breaking Bad" tv sonarr 81189
	cls Manowar music lidarr "$MANOWAR" musicbrainz 0.9 \
	    '{"music_kind":"artist"}'
	cls "Kings of Metal" music lidarr "$MANOWAR" musicbrainz 0.9 \
	    "{\"music_kind\":\"album\",\"ids\":{\"musicbrainz_album\":\"$KINGS_OF_METAL\"}}"
	cls "Unsure Thing" movie radarr 93456 tmdb 0.4
	jq -cn '{query:"Both Ways", best:{media_type:"movie", service:"radarr",
	    title:"Both Ways", external_id:"990201", id_source:"tmdb",
	    confidence:0.9}, ambiguous:true, matches:[]}'
	jq -cn '{query:"Zzyzx Nothing", best:null, ambiguous:false, matches:[]}'
	cls "TMDb Only Show" tv sonarr 1405 tmdb 0.9
} | mr-request -c "$CONF" > /dev/null; rc=$?
is "$rc" 0 "eight requests queued"

# One job: the artist before its album, so the artist is POSTed (in
# parallel the album may add the artist first, which is right too).
mr-process -c "$CONF" -j 1 > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "exit 1: a request matched nothing"
is "$(cat "$T/out")" "" "silent without -p"
is "$(cat "$T/err")" "" "nothing on stderr"
is "$(db 'SELECT status FROM requests ORDER BY id' | tr '\n' ' ')" \
    "SentToRadarr SentToSonarr SentToLidarr SentToLidarr NeedsReview NeedsReview NoMatch NeedsReview " \
    "statuses after one run"
like "$(db 'SELECT last_error FROM requests WHERE id = 5')" 'confidence 0.40' \
    "low confidence: NeedsReview with the reason"
like "$(db 'SELECT last_error FROM requests WHERE id = 6')" 'ambiguous' \
    "ambiguous: NeedsReview"
like "$(db 'SELECT last_error FROM requests WHERE id = 8')" 'TVDB' \
    "a TMDb id is never sent as a TVDB id"
is "$(db 'SELECT COUNT(*) FROM requests WHERE sent_at IS NOT NULL')" 4 \
    "sent_at set on sent requests"

is "$(fake_requests radarr | jq -r 'select(.method == "POST") | .body | fromjson | .tmdbId')" \
    293660 "Radarr got tmdbId 293660 (a number)"
is "$(fake_requests sonarr | jq -r 'select(.method == "POST") | .body | fromjson | .tvdbId')" \
    81189 "Sonarr got tvdbId 81189"
is "$(posts lidarr 'artist$')" 1 "Lidarr: one artist POST"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'sent'")" 4 \
    "one sent event per sent request"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'needs_review'")" 3 \
    "needs_review events"

# A second run finds nothing due and sends nothing.
n=$(fake_count)
mr-process -c "$CONF" -p > "$T/out"; rc=$?
is "$rc" 0 "second run: exit 0"
is "$(cat "$T/out")" "" "second run changes nothing"
is "$(fake_count)" "$n" "second run: no HTTP at all"

# The same target again is a duplicate of the sent request.
out=$(cls "Deadpool 2016" movie radarr 293660 | mr-request -c "$CONF")
is "$(printf '%s' "$out" | jq -r '[.duplicate_of, .status] | @tsv')" \
    "1	SentToRadarr" "same (service, id) as a sent one: duplicate"

# Already present in the service: sent without a second POST.
db "INSERT INTO requests (title, title_norm, status, media_type, arr_service,
    external_id, confidence_score, classification_data) SELECT 'Deadpool again',
    'deadpool again', 'Pending', media_type, arr_service, external_id,
    confidence_score, classification_data FROM requests WHERE id = 1"
mr-process -c "$CONF" -p > "$T/out"; rc=$?
is "$rc" 0 "already present: exit 0"
is "$(jq -r .status "$T/out")" SentToRadarr "already present counts as sent"
is "$(posts radarr 'movie$')" 1 "still one Radarr POST"
is "$(db "SELECT json_extract(detail, '\$.outcome') FROM events WHERE event = 'sent' ORDER BY id DESC LIMIT 1")" \
    already_present "the event says already_present"

# -p prints request records; dry run sends and changes nothing.
cls "Despicable Me 2" movie radarr 93456 | mr-request -c "$CONF" > /dev/null
n=$(fake_requests radarr | jq -c 'select(.method != "GET")' | grep -c .)
mr-process -c "$CONF" -n -p > "$T/out"; rc=$?
is "$rc" 0 "dry run: exit 0"
is "$(jq -r '[.title, .status, .would] | @tsv' "$T/out")" \
    "Despicable Me 2	Pending	send" "dry run says what it would do"
is "$(fake_requests radarr | jq -c 'select(.method != "GET")' | grep -c .)" "$n" \
    "dry run: no POST"
is "$(db "SELECT status FROM requests WHERE title = 'Despicable Me 2'")" \
    Pending "dry run: still Pending"
is "$(db "SELECT COUNT(*) FROM requests WHERE lease_owner IS NOT NULL")" 0 \
    "dry run: no lease taken"

# -i processes one request.
cls "The Test Heist" movie radarr 990201 | mr-request -c "$CONF" > /dev/null
id=$(db "SELECT id FROM requests WHERE title = 'The Test Heist'")
mr-process -c "$CONF" -p -i "$id" > "$T/out"; rc=$?
is "$rc" 0 "-i: exit 0"
is "$(jq -r .title "$T/out")" "The Test Heist" "-i: only that request"
is "$(db "SELECT status FROM requests WHERE title = 'Despicable Me 2'")" \
    Pending "-i: others untouched"
mr-process -c "$CONF" -l 1 -p > "$T/out"; rc=$?
is "$(grep -c . "$T/out")" 1 "-l 1: one request"

# --now processes at once.
out=$(cls "Game of Thrones" tv sonarr 121361 | mr-request -c "$CONF" --now); rc=$?
is "$rc" 0 "--now: exit 0"
is "$(printf '%s' "$out" | jq -r .status)" SentToSonarr "--now: sent at once"

mr-process -c "$CONF" -l x 2> /dev/null; rc=$?
is "$rc" 2 "bad -l: exit 2"
mr-process -c "$CONF" extra 2> /dev/null; rc=$?
is "$rc" 2 "operand: exit 2"
no_secret_in "$T/mr.db" "$T/err"; is "$?" 0 "no key in the database"

done_testing
