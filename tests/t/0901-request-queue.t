#!/bin/sh
# mr-request queue management: --list (filters, JSON lines, the table with
# -P or on a terminal), --show with the events, --cancel (a sent request
# stays in its service and the message says so), exit codes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start radarr
write_config

cls Deadpool movie radarr 293660 | mr-request -c "$CONF" -u alice > /dev/null
mr-request -c "$CONF" -u bob "Amélie" > /dev/null
mr-request -c "$CONF" -u alice "Dexter" > /dev/null
mr-process -c "$CONF" -i 1 > /dev/null 2>&1; rc=$?
is "$rc" 0 "request 1 sent"
is "$(status_of 1)" SentToRadarr "request 1 is SentToRadarr"

# JSON lines when stdout is no terminal.
mr-request -c "$CONF" -l > "$T/out"; rc=$?
is "$rc" 0 "--list: exit 0"
is "$(jq -c .id "$T/out" | tr '\n' ' ')" "1 2 3 " "--list: one JSON line each"
is "$(mr-request -c "$CONF" -l -u alice | jq -r .title | tr '\n' ' ')" \
    "Deadpool Dexter " "--requested-by"
is "$(mr-request -c "$CONF" -l --requested-by bob | jq -r .title)" \
    "Amélie" "--requested-by, long form"
is "$(mr-request -c "$CONF" -l --status SentToRadarr | jq -r .id)" 1 \
    "--status"
is "$(mr-request -c "$CONF" -l --service radarr | jq -r .id)" 1 \
    "--service"
is "$(mr-request -c "$CONF" -l --since 2000-01-01T00:00:00Z | grep -c .)" 3 \
    "--since a date-time"
db "UPDATE requests SET requested_at = '2001-02-03 04:05:06' WHERE id = 2"
is "$(mr-request -c "$CONF" -l --since 2010-01-01 | jq -r .id | tr '\n' ' ')" \
    "1 3 " "--since leaves older requests out"

# The table: -P, or stdout on a terminal.
mr-request -c "$CONF" -l -P > "$T/table"; rc=$?
is "$rc" 0 "--list -P: exit 0"
is "$(head -n 1 "$T/table" | tr -s ' ')" \
    "ID STATUS SERVICE BY REQUESTED TITLE" "table heading"
is "$(grep -c . "$T/table")" 4 "a heading and a line per request"
like "$(sed -n 2p "$T/table")" '^1 +SentToRadarr +radarr +alice +[0-9-]+ [0-9:]+ +Deadpool$' \
    "a row"
like "$(sed -n 3p "$T/table")" '^2 +Pending +- +bob ' "empty cells show -"
# Aligned: the title starts in the same column on every line (the
# heading and rows are ASCII up to the title).
cols=$(for l in 2 4; do sed -n ${l}p "$T/table" | awk '{ print index($0, $NF) }'; done | sort -u | grep -c .)
is "$cols" 1 "titles aligned"
is "$(head -n 1 "$T/table" | awk '{ print index($0, "TITLE") }')" \
    "$(sed -n 2p "$T/table" | awk '{ print index($0, "Deadpool") }')" \
    "the TITLE heading over the titles"
if command -v script > /dev/null 2>&1; then
	script -qec "mr-request -c '$CONF' -l" /dev/null > "$T/tty" 2>&1
	like "$(head -n 1 "$T/tty")" '^ID +STATUS' "on a terminal: the table"
else
	skip "no script(1)"
fi
printf 'Evil\033[2J\302\233Title\n' | mr-request -c "$CONF" > /dev/null
mr-request -c "$CONF" -l -P > "$T/table"
is "$(tail -n 1 "$T/table" | sed 's/.* //')" "Evil?[2J?Title" \
    "control characters in the table become ?"
mr-request -c "$CONF" --cancel 4 > /dev/null
mr-request -c "$CONF" -l -P --status NoMatch > "$T/table"
is "$(cat "$T/table" | tr -s ' ')" "ID STATUS SERVICE BY REQUESTED TITLE" \
    "an empty table has its heading"

# --show: the record and its events.
out=$(mr-request -c "$CONF" --show 1); rc=$?
is "$rc" 0 "--show: exit 0"
is "$(printf '%s' "$out" | jq -r '[.id, .status] | @tsv')" "1	SentToRadarr" \
    "--show prints the record"
is "$(printf '%s' "$out" | jq -r '[.events[].event] | join(",")')" \
    "created,sent" "--show: the events, oldest first"
is "$(printf '%s' "$out" | jq -r '.events[1] | [.old_status, .new_status] | @tsv')" \
    "Pending	SentToRadarr" "events carry the transition"
mr-request -c "$CONF" --show 42 > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "--show of an unknown id: exit 1"
like "$(cat "$T/err")" '^mr-request: .*no request 42' "and a message"
is "$(cat "$T/out")" "" "nothing on stdout"

# --cancel
mr-request -c "$CONF" --cancel 42 > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "--cancel of an unknown id: exit 1"
like "$(cat "$T/err")" 'no request 42' "the message names the id"
out=$(mr-request -c "$CONF" --cancel 2 2> "$T/err"); rc=$?
is "$rc" 0 "--cancel of a Pending request: exit 0"
is "$(printf '%s' "$out" | jq -r .status)" Cancelled "it is Cancelled"
is "$(cat "$T/err")" "" "quietly"
out=$(mr-request -c "$CONF" -n --cancel 3); rc=$?
is "$(status_of 3)" Pending "--cancel -n changes nothing"
n_before=$(fake_count radarr)
out=$(mr-request -c "$CONF" --cancel 1 2> "$T/err"); rc=$?
is "$rc" 0 "--cancel of a sent request: exit 0"
is "$(status_of 1)" Cancelled "a sent request can be cancelled"
like "$(cat "$T/err")" '^mr-request: request 1: .*SentToRadarr.*stays in the service' \
    "the message says the item stays in the service"
is "$(fake_count radarr)" "$n_before" "no request to Radarr"
is "$(curl -s -H "X-Api-Key: $RADARR_KEY" "$FAKE_URL/radarr/api/v3/movie" |
    jq length)" 1 "the movie is still in Radarr"
is "$(mr-request -c "$CONF" --show 1 | jq -c '.events[-1] | [.event, .old_status, .detail.removed]')" \
    '["cancelled","SentToRadarr",false]' "the event says nothing was removed"
mr-request -c "$CONF" --cancel 1 > /dev/null 2> "$T/err"; rc=$?
is "$rc" 1 "cancelling again: exit 1"
like "$(cat "$T/err")" 'Cancelled' "it says it is Cancelled"
is "$(mr-request -c "$CONF" -l --status Cancelled | jq -r .id | tr '\n' ' ')" \
    "1 2 4 " "--status Cancelled"

# Usage errors.
mr-request -c "$CONF" -l --show 1 2> /dev/null; rc=$?
is "$rc" 2 "--list with --show: exit 2"
mr-request -c "$CONF" --status Pending 2> /dev/null; rc=$?
is "$rc" 2 "--status without --list: exit 2"
mr-request -c "$CONF" -l --status Bogus 2> /dev/null; rc=$?
is "$rc" 2 "an unknown status: exit 2"
mr-request -c "$CONF" -l --since yesterday 2> /dev/null; rc=$?
is "$rc" 2 "a bad date: exit 2"
mr-request -c "$CONF" --cancel 0 2> /dev/null; rc=$?
is "$rc" 2 "--cancel 0: exit 2"
mr-request -c "$CONF" -l > /dev/full 2> /dev/null; rc=$?
is "$rc" 5 "--list to a full disk: exit 5"

done_testing
