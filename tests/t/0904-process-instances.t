#!/bin/sh
# Several instances of a service: [radarr:4k], [sonarr:anime].
# mr-request --instance and [routing] *_instance rules pick one; the record
# names it (arr_instance); a refused or missing instance stops only itself.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start radarr,radarr4k=radarr,sonarr,sonarranime=sonarr
INST="[radarr:4k]
url = $FAKE_URL/radarr4k
api_key = $RADARR_KEY
quality_profile = Ultra-HD
[sonarr:anime]
url = $FAKE_URL/sonarranime
api_key = $SONARR_KEY"
write_config "$INST
[routing]
anime_instance = sonarr:anime"

# --instance: the request names its instance.
out=$(cls Deadpool movie radarr 293660 | mr-request -c "$CONF" --instance radarr:4k); rc=$?
is "$rc" 0 "--instance radarr:4k: exit 0"
is "$(printf '%s' "$out" | jq -r '[.arr_service, .arr_instance] | @tsv')" \
    "radarr	radarr:4k" "the record names the instance"
mr-process -c "$CONF" -p > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "mr-process: exit 0"
is "$(cat "$T/err")" "" "nothing on stderr"
is "$(posts radarr4k '/api/v3/movie$')" 1 "the movie went to the second Radarr"
is "$(posts radarr '/api/v3/movie$')" 0 "nothing to the first"
is "$(fake_requests radarr4k | jq -r 'select(.method == "POST") | .body | fromjson | .qualityProfileId')" \
    5 "the instance's own keys (quality_profile Ultra-HD)"
is "$(jq -r '[.status, .arr_service, .arr_instance] | @tsv' "$T/out")" \
    "SentToRadarr	radarr	radarr:4k" "sent: status by service, instance kept"
is "$(db "SELECT arr_service, arr_instance FROM requests WHERE id = 1")" \
    "radarr|radarr:4k" "stored in requests.arr_instance"
like "$(mr-request -c "$CONF" -l -P | sed -n 2p)" '^1 +SentToRadarr +radarr:4k ' \
    "the --list table names the instance"

is "$(mr-request -c "$CONF" -l --instance radarr:4k | jq -r .id)" 1 \
    "--list --instance filters by instance"
is "$(mr-request -c "$CONF" -l --instance radarr:gone | grep -c .)" 0 \
    "--list of an instance no longer configured: nothing, no error"

# The same movie for the plain Radarr is another target.
out=$(cls Deadpool movie radarr 293660 | mr-request -c "$CONF" --instance radarr); rc=$?
is "$(printf '%s' "$out" | jq -r '.duplicate_of // "new"')" 1 \
    "the plain section: any instance counts, a duplicate"
out=$(cls Deadpool movie radarr 293660 | mr-request -c "$CONF" --instance radarr:4k)
is "$(printf '%s' "$out" | jq -r '.duplicate_of // "new"')" 1 \
    "again for radarr:4k: duplicate"

# A plain request goes to the plain section; keys unknown there are not
# borrowed from an instance.
cls Heat movie radarr 990201 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > /dev/null 2>&1; rc=$?
is "$rc" 0 "plain request: exit 0"
is "$(posts radarr '/api/v3/movie$')" 1 "a plain request goes to [radarr]"
is "$(db "SELECT COALESCE(arr_instance, 'NULL') FROM requests WHERE title = 'Heat'")" \
    NULL "no instance recorded for the plain section"

# [routing] anime_instance: anime shows go to sonarr:anime.
cls "Breaking Bad" tv sonarr 81189 tvdb 0.95 '{"is_anime":true}' |
    mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" -p > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "anime: exit 0"
is "$(posts sonarranime '/api/v3/series$')" 1 "anime went to sonarr:anime"
is "$(posts sonarr '/api/v3/series$')" 0 "nothing to the plain Sonarr"
is "$(jq -r .arr_instance "$T/out")" "sonarr:anime" "the record names it"

# mr-report counts per instance; --check covers every instance.
is "$(mr-report -c "$CONF" --days 1 -f json | jq -c .by_service)" \
    '{"radarr":1,"radarr:4k":1,"sonarr:anime":1}' \
    "mr-report names the instances"
mr-report -c "$CONF" --check > "$T/check" 2>&1
like "$(grep 'radarr:4k' "$T/check" | head -n 1)" '^OK +radarr:4k +Radarr .*key accepted' \
    "--check checks radarr:4k"
like "$(grep 'sonarr:anime' "$T/check" | head -n 1)" '^OK +sonarr:anime +Sonarr' \
    "--check checks sonarr:anime"

# [routing] movie_instance: every movie to radarr:4k unless asked otherwise.
write_config "$INST
[routing]
movie_instance = radarr:4k
tv_instance = radarr:4k"
cls "Despicable Me 2" movie radarr 93456 | mr-request -c "$CONF" > /dev/null
cls "Game of Thrones" tv sonarr 121361 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" -j 1 -p > "$T/out" 2> "$T/err"; rc=$?
is "$(jq -r 'select(.title == "Despicable Me 2") | .arr_instance' "$T/out")" "radarr:4k" \
    "movie_instance routes a plain movie request"
is "$(posts sonarr '/api/v3/series$')" 1 \
    "a rule naming another service (tv_instance = radarr:4k) is ignored"

# Usage and configuration errors.
mr-request -c "$CONF" --instance plex:4k x 2> "$T/err"; rc=$?
is "$rc" 2 "--instance of no *arr service: exit 2"
mr-request -c "$CONF" --instance sonarr:anime -s radarr x 2> "$T/err"; rc=$?
is "$rc" 2 "--instance and -s disagree: exit 2"
mr-request -c "$CONF" --instance radarr:4k --show 1 2> /dev/null; rc=$?
is "$rc" 2 "--instance with --show: exit 2"
mr-request -c "$CONF" --instance radarr:8k x 2> "$T/err"; rc=$?
is "$rc" 3 "an instance not in the config: exit 3"
like "$(cat "$T/err")" 'no section \[radarr:8k\]' "the message names it"

# An instance that refuses its key stops itself only.
write_config "$INST
[radarr:bad]
url = $FAKE_URL/radarr4k
api_key = wrong-key-0000"
cls Deadpool movie radarr 293660 | mr-request -c "$CONF" --instance radarr:bad > /dev/null
mr-process -c "$CONF" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "a 401 from one instance: exit 3"
is "$(db "SELECT status, attempts FROM requests WHERE arr_instance = 'radarr:bad'")" \
    "Pending|0" "its request stays Pending, no attempt counted"
# The instance goes from the config: its requests wait (exit 3).
write_config
mr-process -c "$CONF" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "a request for an instance no longer configured: exit 3"
like "$(cat "$T/err")" 'no section \[radarr:bad\]' "the message names the section"
is "$(db "SELECT status FROM requests WHERE arr_instance = 'radarr:bad'")" \
    Pending "the request waits"

done_testing
