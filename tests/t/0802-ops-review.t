#!/bin/sh
# mr-reclassify --review on a terminal (tests/bin/mr-pty): a number picks
# an option (as -o), s skips, n marks NoMatch, t TYPE classifies again
# for that type, q quits; each choice shows in the database, the events
# and, after mr-process, in what the *arr fakes received.  Without a
# terminal it refuses with exit 2.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr
write_config "[notify]
command = jq -r '[env.MR_EVENT, .id] | @tsv' >> $T/events
events = no_match"

# amb QUERY: an ambiguous record between two movies.
amb() {
	jq -cn --arg q "$1" '{query:$q, parsed:{title:$q, year:null, hint:null},
	    best:{media_type:"movie", service:"radarr", title:"Deadpool",
	      year:2016, external_id:"293660", id_source:"tmdb", confidence:0.5,
	      why:["title close"]},
	    ambiguous:true, matches:[
	      {media_type:"movie", service:"radarr", title:"Deadpool", year:2016,
	       external_id:"293660", id_source:"tmdb", confidence:0.5,
	       why:["title close"]},
	      {media_type:"movie", service:"radarr", title:"The Test Heist",
	       year:2024, external_id:"990201", id_source:"tmdb",
	       confidence:0.45, why:["year agrees"]}]}'
}
for q in "Heist Thing" "Skip Me" "Nothing Here" "Breaking Bad" "Quit Before"
do
	amb "$q"
done | mr-request -c "$CONF" -u alice > /dev/null
mr-process -c "$CONF" > /dev/null 2>&1
is "$(db "SELECT group_concat(status, ' ') FROM requests")" \
    "NeedsReview NeedsReview NeedsReview NeedsReview NeedsReview" "setup"
fake_reset

# Without a terminal: refused.
mr-reclassify -c "$CONF" --review < /dev/null > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 2 "no terminal: exit 2"
like "$(cat "$T/err")" 'needs a terminal.*-o N' \
    "no terminal: says to use the non-interactive options"
mr-pty sh -c "mr-reclassify -c '$CONF' --review > '$T/out'" \
    < /dev/null > /dev/null 2> "$T/err"; rc=$?
is "$rc" 2 "stdout not a terminal: exit 2"

printf '%s\n' 2 s n x "t tv" 1 q |
    mr-pty -p 'quit> ' mr-reclassify -c "$CONF" --review > "$T/tty"; rc=$?
is "$rc" 0 "review: exit 0"
like "$(cat "$T/tty")" 'request 1 \(1 of 5\), asked by alice' \
    "shows the request and who asked"
like "$(cat "$T/tty")" '2\. movie The Test Heist \(2024\)  radarr tmdb:990201  0\.45' \
    "shows the ranked options (type, title, year, service, id, confidence)"
like "$(cat "$T/tty")" 'why: year agrees' "shows why"
like "$(cat "$T/tty")" 'not a choice: x' "a bad choice asks again"
like "$(cat "$T/tty")" 'tv +Breaking Bad \(2008\)  sonarr tvdb:81189' \
    "t tv: the options of a TV-only classification"
is "$(grep -c 'quit> ' "$T/tty")" 7 "one prompt per choice"

is "$(db "SELECT group_concat(s, ' ') FROM
    (SELECT id || ':' || status AS s FROM requests ORDER BY id)")" \
    "1:Pending 2:NeedsReview 3:NoMatch 4:Pending 5:NeedsReview" \
    "each choice's status (pick, skip, no match, retyped+pick, quit)"
is "$(db "SELECT external_id || ' ' || arr_service FROM requests
    WHERE id = 1")" "990201 radarr" "option 2 chosen"
is "$(db "SELECT json_extract(classification_data, '$.best.manual')
    FROM requests WHERE id = 1")" 1 "marked as a person's choice, as -o"
is "$(db "SELECT external_id || ' ' || arr_service || ' ' || media_type
    FROM requests WHERE id = 4")" "81189 sonarr tv" "t tv, then option 1"
is "$(db "SELECT group_concat(s, ' ') FROM (SELECT request_id || ':' ||
    event || ':' || old_status || '>' || new_status AS s FROM events
    WHERE actor LIKE 'mr-reclassify/%' ORDER BY id)")" \
    "1:reclassified:NeedsReview>Pending 3:no_match:NeedsReview>NoMatch 4:review_type:NeedsReview>NeedsReview 4:reclassified:NeedsReview>Pending" \
    "an events row for each override"
is "$(cat "$T/events")" "no_match	3" "n runs the [notify] hook (no_match)"
is "$(fake_count radarr)$(fake_count sonarr)" "00" \
    "review itself sends nothing"

mr-process -c "$CONF" > /dev/null 2>&1; rc=$?
is "$rc" 0 "mr-process after the review: exit 0"
is "$(status_of 1) $(status_of 4)" "SentToRadarr SentToSonarr" \
    "the chosen options are sent"
is "$(fake_requests radarr | jq -r 'select(.method == "POST") |
    .body | fromjson | .tmdbId')" 990201 "Radarr got the chosen movie"
is "$(fake_requests sonarr | jq -r 'select(.method == "POST") |
    .body | fromjson | .tvdbId')" 81189 "Sonarr got the retyped show"
is "$(posts radarr . ; posts sonarr .)" "1
1" "nothing else was added"

# End of input quits; the skipped ones come back.
mr-pty mr-reclassify -c "$CONF" --review < /dev/null > "$T/tty"; rc=$?
is "$rc" 0 "end of input: exit 0"
like "$(cat "$T/tty")" 'request 2 \(1 of 2\)' "skipped requests are still there"

done_testing
