#!/bin/sh
# mr-process upkeep: once a day (meta upkeep_at) expired cache entries,
# events older than [database] keep_events_days and idle rate-limit
# buckets are removed; not twice a day; not on a dry run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

write_config
mr-request -c "$CONF" "Dexter" > /dev/null
mr-request -c "$CONF" --cancel 1 > /dev/null
now=$(date +%s)
seed() {
	db "INSERT INTO http_cache (key, status, body, stored_at, expires_at)
	    VALUES ('GET old$1', 200, 'x', 1000, 2000),
	           ('GET fresh$1', 200, 'x', $now, $((now + 86400)));
	    INSERT INTO events (request_id, at, actor, event)
	    VALUES (1, '2020-01-01 00:00:00.000', 'test', 'old$1'),
	           (NULL, '2020-01-01 00:00:00', 'test', 'upstream');
	    INSERT INTO ratelimit (key, tat) VALUES ('idle$1', 1000),
	           ('busy$1', $now);"
}
seed 1
db "INSERT INTO meta (key, value) VALUES ('upkeep_at', '$((now - 90000))')"

mr-process -c "$CONF" -n > /dev/null 2>&1; rc=$?
is "$rc" 0 "dry run: exit 0"
is "$(db "SELECT COUNT(*) FROM http_cache")" 2 "a dry run does no upkeep"

mr-process -c "$CONF" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "mr-process: exit 0"
is "$(cat "$T/out" "$T/err")" "" "silent"
is "$(db "SELECT key FROM http_cache")" "GET fresh1" \
    "expired cache entries removed, fresh ones kept"
is "$(db "SELECT event FROM events ORDER BY id" | tr '\n' ' ')" \
    "created cancelled " "events older than 400 days removed"
is "$(db "SELECT key FROM ratelimit")" "busy1" "idle rate-limit buckets removed"
last=$(db "SELECT value FROM meta WHERE key = 'upkeep_at'")
test "$last" -ge "$now"; ok $? "upkeep_at set to now"
is "$(status_of 1)" Cancelled "requests untouched"

# Not twice a day.
seed 2
mr-process -c "$CONF" -v > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "second run: exit 0"
is "$(db "SELECT COUNT(*) FROM http_cache")" 3 "second run the same day: no upkeep"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'old2'")" 1 \
    "old events stay until tomorrow"
unlike "$(cat "$T/err")" 'upkeep' "-v: no upkeep message"

# A day later (upkeep_at moved back), with keep_events_days = 10.
db "UPDATE meta SET value = '$((now - 86400))' WHERE key = 'upkeep_at'"
db "INSERT INTO events (request_id, at, actor, event)
    VALUES (1, datetime('now', '-20 days'), 'test', 'twenty'),
           (1, datetime('now', '-5 days'), 'test', 'five')"
MR_DATABASE_KEEP_EVENTS_DAYS=10 mr-process -c "$CONF" -v > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "a day later: exit 0"
is "$(db "SELECT key FROM http_cache ORDER BY key" | tr '\n' ' ')" \
    "GET fresh1 GET fresh2 " "a day later: upkeep again"
is "$(db "SELECT event FROM events ORDER BY id" | tr '\n' ' ')" \
    "created cancelled five " "keep_events_days = 10: older events removed"
like "$(cat "$T/err")" 'upkeep: 1 cache entries, 3 events, 1 rate-limit buckets removed' \
    "-v says what upkeep removed"

# A clock set back (upkeep_at in the future) does not stop upkeep forever.
db "UPDATE meta SET value = '$((now + 864000))' WHERE key = 'upkeep_at'"
seed 3
mr-process -c "$CONF" > /dev/null 2>&1
is "$(db "SELECT COUNT(*) FROM http_cache WHERE key = 'GET old3'")" 0 \
    "upkeep_at in the future: upkeep runs"

# Integrity after all that.
is "$(db 'PRAGMA integrity_check')" ok "database intact"

done_testing
