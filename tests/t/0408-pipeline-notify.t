#!/bin/sh
# The [notify] hook: run for the configured events with MR_EVENT and the
# request record on stdin; its output never reaches stdout; a failing or
# hanging hook does not change the request or stop the run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start sonarr,radarr,lidarr
write_config "[notify]
command = echo \"\$MR_EVENT\" >> $T/events && cat >> $T/records && echo hook-output
events = sent,no_match,cancelled"

{
	cls Deadpool movie radarr 293660
	cls "Unsure Thing" movie radarr 93456 tmdb 0.3
	jq -cn '{query:"Zzyzx Nothing", best:null, ambiguous:false, matches:[]}'
} | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" -p > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "exit 1 (no match)"
is "$(sort "$T/events" | tr '\n' ' ')" "no_match sent " \
    "hook run for the wanted events only (not needs_review)"
is "$(jq -r '[.id, .status] | @tsv' "$T/records" | sort | tr '\n' ' ')" \
    "1	SentToRadarr 3	NoMatch " "the request records on stdin"
unlike "$(cat "$T/out")" 'hook-output' "the hook's output is not on stdout"
is "$(grep -c . "$T/out")" 3 "stdout: only the three records"

mr-request -c "$CONF" --cancel 2 > /dev/null 2>&1; rc=$?
is "$rc" 0 "cancel: exit 0"
is "$(tail -n 1 "$T/events")" cancelled "cancel runs the hook"

# A failing hook: reported, the request is sent all the same.
write_config "[notify]
command = sh -c 'exit 3'
events = sent"
cls "The Test Heist" movie radarr 990201 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "failing hook: exit 0"
like "$(cat "$T/err")" 'hook exited with status 3' "failing hook: reported"
is "$(db "SELECT status FROM requests WHERE title = 'The Test Heist'")" \
    SentToRadarr "failing hook: request sent"

# A hanging hook is killed after [notify] timeout.
write_config "[notify]
command = sleep 60
events = sent
timeout = 1"
cls "Breaking Bad" tv sonarr 81189 | mr-request -c "$CONF" > /dev/null
timeout 30 mr-process -c "$CONF" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "hanging hook: the run ends"
like "$(cat "$T/err")" 'killed after 1 s' "hanging hook: killed and reported"
is "$(db "SELECT status FROM requests WHERE title = 'Breaking Bad'")" \
    SentToSonarr "hanging hook: request sent"

done_testing
