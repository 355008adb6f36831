#!/bin/sh
# The [notify] hook as an operator's script sees it: the request record
# on stdin (the same record mr-process -p prints), MR_EVENT, no secret in
# its environment (config values and MR_*_KEY/TOKEN/SECRET variables),
# a command without shell characters run directly, no shell involved.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start sonarr,radarr,lidarr

# A script hook, run directly (no shell characters in the command).
cat > "$T/hook" <<HOOK
#!/bin/sh
cat > "$T/stdin.\$MR_EVENT"
env > "$T/env.\$MR_EVENT"
echo "\$#:\$1:\$2" > "$T/args.\$MR_EVENT"
HOOK
chmod 755 "$T/hook"
write_config "[notify]
command = $T/hook  first   second
events = sent,needs_review"

cls Deadpool movie radarr 293660 | mr-request -c "$CONF" > /dev/null
cls "Unsure Thing" movie radarr 93456 tmdb 0.3 | mr-request -c "$CONF" \
    > /dev/null
MR_TMDB_API_KEY=$TMDB_KEY MR_RADARR_TOKEN=radarr-token-from-env \
    MR_CUSTOM_SECRET=custom-secret-value COPY_OF_KEY="k=$SONARR_KEY" \
    PLAIN_VAR=plain-value \
    mr-process -c "$CONF" -p > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "mr-process: exit 0"
is "$(cat "$T/args.sent" 2>/dev/null)" "2:first:second" \
    "command split at blanks into argv"
is "$(jq -c . "$T/stdin.sent")" \
    "$(jq -c 'select(.status == "SentToRadarr")' "$T/out")" \
    "sent: stdin is the request record of mr-process -p"
is "$(jq -r '[.id, .title, .status, .arr_service, .external_id] | @tsv' \
    "$T/stdin.sent")" "1	Deadpool	SentToRadarr	radarr	293660" \
    "sent: the record's fields"
is "$(jq -r 'keys_unsorted | join(",")' "$T/stdin.needs_review")" \
    "id,title,requested_by,priority,status,requested_at,updated_at,media_type,arr_service,external_id,confidence_score,attempts,next_attempt_at,last_error,classification" \
    "needs_review: the DESIGN 7.2 record's members"
is "$(grep -c . "$T/stdin.sent")" 1 "one line of JSON"
like "$(cat "$T/env.sent")" '^MR_EVENT=sent$' "MR_EVENT set"
like "$(cat "$T/env.sent")" 'PLAIN_VAR=plain-value' \
    "the environment is passed on"
no_secret_in "$T/env.sent" "$T/env.needs_review"
ok $? "no test key in the hook's environment"
unlike "$(cat "$T/env.sent")" 'MR_TMDB_API_KEY|MR_RADARR_TOKEN|MR_CUSTOM_SECRET|COPY_OF_KEY|radarr-token-from-env|custom-secret-value' \
    "MR_*_KEY/TOKEN/SECRET and copies of config secrets stripped"
no_secret_in "$T/err"
ok $? "no secret on stderr"

# Shell characters: the command runs through /bin/sh -c.
write_config "[notify]
command = printf '%s\\n' \"\$MR_EVENT\" | tr a-z A-Z > $T/shell.out
events = sent"
cls "Breaking Bad" tv sonarr 81189 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "shell hook: exit 0"
is "$(cat "$T/shell.out" 2>/dev/null)" SENT "shell hook: a pipeline works"

# A command that does not exist: reported, the request is sent all the same.
write_config "[notify]
command = $T/no-such-hook
events = sent"
cls "The Test Heist" movie radarr 990201 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "missing hook: exit 0"
like "$(cat "$T/err")" 'command not found' "missing hook: reported"
is "$(db "SELECT status FROM requests WHERE title = 'The Test Heist'")" \
    SentToRadarr "missing hook: request sent"

# -v logs the hook's exit status.
write_config "[notify]
command = true
events = cancelled"
cls "Other Thing" movie radarr 93457 tmdb 0.3 | mr-request -c "$CONF" \
    > /dev/null
id=$(db "SELECT id FROM requests WHERE title = 'Other Thing'")
mr-request -c "$CONF" -v --cancel "$id" > /dev/null 2> "$T/err"
like "$(cat "$T/err")" 'cancelled hook exited with status 0' \
    "exit status logged (-v)"

done_testing
