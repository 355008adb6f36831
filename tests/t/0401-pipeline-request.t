#!/bin/sh
# mr-request: queueing, the request record, duplicates, error records,
# kept classifications, --list/--show/--cancel, dry run, usage errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start sonarr,radarr,lidarr
write_config

out=$(mr-request -c "$CONF" -u alice --priority high "Dexter"); rc=$?
is "$rc" 0 "plain title: exit 0"
is "$(printf '%s' "$out" | jq -r '[.id, .status, .priority, .requested_by] | @tsv')" \
    "1	Pending	High	alice" "stored Pending with priority and requester"
is "$(printf '%s' "$out" | jq -r 'keys_unsorted | join(",")')" \
    "id,title,requested_by,priority,status,requested_at,updated_at,media_type,arr_service,external_id,confidence_score,attempts,next_attempt_at,last_error,classification" \
    "the request record's fields, in order"
like "$(printf '%s' "$out" | jq -r .requested_at)" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' \
    "requested_at is UTC text"
is "$(db "SELECT COUNT(*) FROM requests WHERE date(requested_at) = date('now')")" \
    1 "date(requested_at) = date('now') works"

out=$(mr-request -c "$CONF" "  dexter!"); rc=$?
is "$rc" 0 "duplicate: exit 0"
is "$(printf '%s' "$out" | jq -r '[.id, .duplicate_of] | @tsv')" "1	1" \
    "duplicate prints the existing record with duplicate_of"
is "$(db 'SELECT COUNT(*) FROM requests')" 1 "duplicate not stored"

# An error record from mr-classify during an outage: its query is kept.
err='{"query":"Heat","error":{"code":"tmdb.http","status":503,"message":"HTTP 503"}}'
out=$(printf '%s\n' "$err" | mr-request -c "$CONF"); rc=$?
is "$rc" 0 "error record: exit 0"
is "$(printf '%s' "$out" | jq -r '[.title, .status, (.classification == null)] | @tsv')" \
    "Heat	Pending	true" "error record stored as a Pending title"

# A classification record keeps its classification.
out=$(cls "Breaking Bad" tv sonarr 81189 | mr-request -c "$CONF"); rc=$?
is "$rc" 0 "classification record: exit 0"
is "$(printf '%s' "$out" | jq -r '[.media_type, .arr_service, .external_id, .confidence_score, .classification.best.id_source] | @tsv')" \
    "tv	sonarr	81189	0.95	tvdb" "classification kept"

# Several lines on stdin, blank lines skipped, a JSON object with a title.
printf 'Alien\n\n{"title":"Aliens","requested_by":"bob","priority":"low"}\n' |
    USER=carol mr-request -c "$CONF" > "$T/out"; rc=$?
is "$rc" 0 "stdin lines: exit 0"
is "$(jq -r '[.title, .requested_by, .priority] | join(":")' "$T/out" | tr '\n' ' ')" \
    "Alien:carol:Medium Aliens:bob:Low " \
    "titles and JSON objects"

# Dry run stores nothing.
n0=$(db 'SELECT COUNT(*) FROM requests')
out=$(mr-request -c "$CONF" -n "Totally New Title"); rc=$?
is "$rc" 0 "dry run: exit 0"
is "$(printf '%s' "$out" | jq -r '.dry_run')" true "dry run says so"
is "$(db 'SELECT COUNT(*) FROM requests')" "$n0" "dry run stores nothing"

# --list with filters, --show with events, --cancel.
is "$(mr-request -c "$CONF" -l | grep -c .)" 5 "--list: all requests"
is "$(mr-request -c "$CONF" -l -u bob | jq -r .title)" Aliens \
    "--list -u filters by requester"
is "$(mr-request -c "$CONF" -l -s sonarr | jq -r .title)" "Breaking Bad" \
    "--list -s filters by service"
is "$(mr-request -c "$CONF" -l --status Pending --since 2000-01-01 | grep -c .)" 5 \
    "--list --status --since"
is "$(mr-request -c "$CONF" -l --since 2999-01-01 | grep -c .)" 0 \
    "--since in the future: nothing"
out=$(mr-request -c "$CONF" --cancel 1); rc=$?
is "$rc" 0 "--cancel: exit 0"
is "$(printf '%s' "$out" | jq -r .status)" Cancelled "--cancel prints Cancelled"
out=$(mr-request -c "$CONF" --show 1)
is "$(printf '%s' "$out" | jq -r '[.events[].event] | join(",")')" \
    "created,cancelled" "--show lists the events"
like "$(printf '%s' "$out" | jq -r '.events[1].actor')" '^mr-request/' \
    "events name the tool"
mr-request -c "$CONF" --cancel 1 2> "$T/err"; rc=$?
is "$rc" 1 "cancelling twice: exit 1"
mr-request -c "$CONF" --show 999 > /dev/null 2> "$T/err"; rc=$?
is "$rc" 1 "--show of a missing id: exit 1"

# After a cancel the title may be requested again.
out=$(mr-request -c "$CONF" "Dexter")
is "$(printf '%s' "$out" | jq -r '.duplicate_of // "new"')" new \
    "a cancelled request is no duplicate"

# Unreadable lines: an error record each, the rest stored, exit 1.
printf '{"foo":1}\n{bad json\nRonin\n' | mr-request -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "malformed lines: exit 1"
is "$(jq -r '.error.code // .status' "$T/out" | tr '\n' ' ')" \
    "request.title input.json Pending " "error records, then the good line"
is "$(grep -c . "$T/err")" 2 "one message per bad line"
like "$(sed -n 2p "$T/err")" '^mr-request: <stdin>:2: ' "the message names the line"

# Usage errors.
mr-request -c "$CONF" --priority urgent x 2> "$T/err"; rc=$?
is "$rc" 2 "bad priority: exit 2"
like "$(cat "$T/err")" "try 'mr-request --help'" "usage hint"
mr-request -c "$CONF" -t book x 2> /dev/null; rc=$?
is "$rc" 2 "bad type: exit 2"
mr-request -c "$CONF" --bogus 2> /dev/null; rc=$?
is "$rc" 2 "unknown option: exit 2"
mr-request -c "$CONF" --show abc 2> /dev/null; rc=$?
is "$rc" 2 "bad id: exit 2"
mr-request -c "$CONF" "Something" > /dev/full 2> /dev/null; rc=$?
is "$rc" 5 "write error: exit 5"

done_testing
