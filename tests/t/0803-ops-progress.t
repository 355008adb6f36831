#!/bin/sh
# The progress line of mr-classify (stdin), mr-backfill and mr-process:
# on stderr when it is a terminal (tests/bin/mr-pty), with "\r" updates,
# cleared at the end; never when stderr is a file; --progress and
# --no-progress force it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

fake_start tmdb,spotify,spotify-accounts,musicbrainz,sonarr,radarr,lidarr
write_config
printf '%s\n' Dexter "Breaking Bad" "" "Blade Runner" Fargo "Game of Thrones" \
    > "$T/titles"
CR=$(printf '\r')

# mr-classify, stderr on a terminal, stdout and stdin files.
mr-pty sh -c "mr-classify -c '$CONF' -j 1 < '$T/titles' > '$T/out'" \
    > "$T/tty"; rc=$?
is "$rc" 0 "classify on a terminal: exit 0"
like "$(tr '\r' '\n' < "$T/tty")" '^mr-classify: [1-5]/5 \([0-9]+%\)  .*/s  ETA ' \
    "classify: done/total (of the file's 5 titles), rate, ETA"
ok "$(grep -c "$CR" "$T/tty" >/dev/null; echo $?)" "classify: updated with \\r"
like "$(tr '\r' '\n' < "$T/tty" | tail -n 1)" '^ *$' \
    "classify: the line is cleared at the end"
is "$(grep -c . "$T/out")" 5 "classify: the records go to stdout"
unlike "$(cat "$T/out")" "$CR|ETA" "classify: no progress in the records"

# stderr to a file: never.
mr-classify -c "$CONF" < "$T/titles" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "classify, stderr a file: exit 0"
is "$(wc -c < "$T/err" | tr -d ' ')" 0 "classify, stderr a file: nothing on it"
mr-pty sh -c "mr-classify -c '$CONF' < '$T/titles' > '$T/out' \
    2> '$T/err'" > "$T/tty"
is "$(wc -c < "$T/err" | tr -d ' ')$(wc -c < "$T/tty" | tr -d ' ')" 00 \
    "classify, stdout and stdin on a terminal, stderr a file: nothing"

# --no-progress and -q on a terminal; --progress into a file.
mr-pty sh -c "mr-classify -c '$CONF' --no-progress < '$T/titles' \
    > '$T/out'" > "$T/tty"
is "$(wc -c < "$T/tty" | tr -d ' ')" 0 "--no-progress: nothing on the terminal"
mr-pty sh -c "mr-classify -c '$CONF' -q < '$T/titles' > '$T/out'" > "$T/tty"
is "$(wc -c < "$T/tty" | tr -d ' ')" 0 "-q: nothing on the terminal"
mr-classify -c "$CONF" --progress < "$T/titles" > "$T/out" 2> "$T/err"
like "$(tr '\r' '\n' < "$T/err")" 'mr-classify: [1-5]/5' \
    "--progress: forced into a file"
cat "$T/titles" | mr-classify -c "$CONF" --progress > "$T/out" 2> "$T/err"
like "$(tr '\r' '\n' < "$T/err")" 'mr-classify: [1-5] done' \
    "a pipe: count without a total"

# mr-process with requests due.
cls Deadpool movie radarr 293660 | mr-request -c "$CONF" > /dev/null
cls "The Test Heist" movie radarr 990201 | mr-request -c "$CONF" > /dev/null
cls "Breaking Bad" tv sonarr 81189 | mr-request -c "$CONF" > /dev/null
mr-pty mr-process -c "$CONF" > "$T/tty"; rc=$?
is "$rc" 0 "process on a terminal: exit 0"
like "$(tr '\r' '\n' < "$T/tty")" '^mr-process: [1-3]/3 ' \
    "process: done/total of the requests claimed"
is "$(db "SELECT COUNT(*) FROM requests WHERE status LIKE 'SentTo%'")" 3 \
    "process: the requests were sent"
cls "Game of Thrones" tv sonarr 121361 | mr-request -c "$CONF" > /dev/null
mr-process -c "$CONF" 2> "$T/err" > /dev/null; rc=$?
is "$rc$(wc -c < "$T/err" | tr -d ' ')" 00 \
    "process, stderr a file (cron): silent"

# mr-backfill.
cls Dexter tv sonarr 1405 tmdb 0.9 '{"ids":{"tmdb":1405}}' |
    mr-request -c "$CONF" > /dev/null
db "UPDATE requests SET status = 'SentToSonarr' WHERE title = 'Dexter'"
mr-pty sh -c "mr-backfill -c '$CONF' > '$T/out'" > "$T/tty"; rc=$?
is "$rc" 0 "backfill on a terminal: exit 0"
like "$(tr '\r' '\n' < "$T/tty")" '^mr-backfill: 1/1 ' \
    "backfill: done/total"
is "$(db "SELECT external_id FROM requests WHERE title = 'Dexter'")" \
    79349 "backfill: done"

done_testing
