#!/bin/sh
# mr-request --import: the prototype's SQLite database (schema of
# shared/reference/prototype.md section 3, made here), imported twice:
# sent rows stay sent, pending and failed rows become Pending and
# unclassified, every row has an import event, the second import adds
# nothing; --dry-run; errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

write_config
P=$T/media_management.db
sqlite3 "$P" <<'SQL'
CREATE TABLE users (
	id INTEGER NOT NULL PRIMARY KEY,
	username VARCHAR(64) NOT NULL UNIQUE,
	email VARCHAR(120),
	password_hash VARCHAR(256)
);
CREATE TABLE requests (
	id INTEGER NOT NULL PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	media_type VARCHAR(20) NOT NULL,
	title VARCHAR(255) NOT NULL,
	status VARCHAR(20) DEFAULT 'Pending',
	priority VARCHAR(10) DEFAULT 'Medium',
	requested_at DATETIME,
	last_status_update DATETIME
);
ALTER TABLE requests ADD COLUMN arr_service TEXT;
ALTER TABLE requests ADD COLUMN arr_id TEXT;
ALTER TABLE requests ADD COLUMN external_id TEXT;
ALTER TABLE requests ADD COLUMN confidence_score REAL;
ALTER TABLE requests ADD COLUMN classification_data TEXT;
CREATE INDEX IF NOT EXISTS idx_requests_arr_service ON requests(arr_service);
CREATE INDEX IF NOT EXISTS idx_requests_status ON requests(status);
INSERT INTO users (id, username) VALUES (1, 'alice'), (2, 'bob');
INSERT INTO requests VALUES
 (1, 1, 'movie', 'Deadpool', 'SentToRadarr', 'High',
  '2025-03-01 10:00:00.123456', '2025-03-01 10:05:00.000000',
  'radarr', NULL, '293660', 0.92,
  '{"title":"Deadpool","year":2016,"additional_data":{"tmdb_id":293660}}'),
 (2, 2, 'tv', 'Dexter', 'Failed (Missing TVDB ID)', 'Medium',
  '2025-03-02 11:00:00.000000', '2025-03-02 11:00:01.000000',
  'sonarr', NULL, '1405', 0.88,
  '{"title":"Dexter","additional_data":{"tmdb_id":1405}}'),
 (3, 1, 'TV Show', 'Breaking Bad', 'Pending', 'medium',
  '2025-03-03 12:00:00', NULL, NULL, NULL, NULL, NULL, NULL),
 (4, 2, 'music', 'Manowar', 'SentToLidarr', 'Low',
  '2025-03-04 13:00:00.5', '2025-03-04 13:01:00', 'lidarr', NULL,
  '00eeed6b-5897-4359-8347-b8cd28375331', 0.75, 'not json'),
 (5, 1, 'movie', 'Heat', 'Failed (Classification)', 'Medium',
  '2025-03-05 14:00:00', '2025-03-05 14:00:00', NULL, NULL, NULL, NULL,
  NULL),
 (6, 3, 'Movie', 'Alien', 'In Progress', 'Medium',
  '2025-03-06 15:00:00', NULL, NULL, NULL, NULL, NULL, NULL);
SQL
sum_before=$(md5sum < "$P")

# Dry run first: what would happen, nothing stored.
mr-request -c "$CONF" --import "$P" -n > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "--import -n: exit 0"
is "$(grep -c . "$T/out")" 6 "--import -n: a record per row"
is "$(jq -r '[.dry_run, .id == null] | @tsv' "$T/out" | sort -u)" "true	true" \
    "records say dry_run, no id"
like "$(cat "$T/err")" 'import: .*6 rows: 6 would be imported \(4 Pending, 2 sent\)' \
    "--dry-run summary on stderr"
is "$(db 'SELECT COUNT(*) FROM requests')" 0 "--dry-run stores nothing"
is "$(db 'SELECT COUNT(*) FROM events')" 0 "--dry-run writes no event"

mr-request -c "$CONF" --import "$P" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "--import: exit 0"
like "$(cat "$T/err")" '^mr-request: import: .*: 6 rows: 6 imported \(4 Pending, 2 sent\), 0 imported before' \
    "summary on stderr"
is "$(jq -r '[.prototype_id, .id, .status] | @tsv' "$T/out" | tr '\n' ' ')" \
    "1	1	SentToRadarr 2	2	Pending 3	3	Pending 4	4	SentToLidarr 5	5	Pending 6	6	Pending " \
    "a record per row: sent stay sent, the rest Pending"
is "$(db "SELECT title, requested_by, priority, requested_at, updated_at FROM requests WHERE id = 1")" \
    "Deadpool|alice|High|2025-03-01 10:00:00|2025-03-01 10:05:00" \
    "user_id -> username, priority, dates in the store's form"
is "$(db "SELECT arr_service, external_id, confidence_score, media_type, sent_at FROM requests WHERE id = 1")" \
    "radarr|293660|0.92|movie|2025-03-01 10:05:00" "a sent row keeps its target"
is "$(db "SELECT arr_service, external_id, confidence_score, classification_data, media_type, attempts FROM requests WHERE id = 2")" \
    "|||||0" "a failed row: Pending, unclassified (its TMDb id is no TVDB id)"
is "$(db "SELECT priority, updated_at FROM requests WHERE id = 3")" \
    "Medium|2025-03-03 12:00:00" "no last_status_update: requested_at"
is "$(db "SELECT COALESCE(requested_by, 'NULL') FROM requests WHERE id = 6")" \
    NULL "a user the prototype lost: no requester"
is "$(mr-request -c "$CONF" --show 2 | jq -c '[.events[] | [.event, .old_status, .new_status, .detail.prototype_id, .detail.external_id, .detail.username]]')" \
    '[["import","Failed (Missing TVDB ID)","Pending",2,"1405","bob"]]' \
    "the history: one import event keeping the prototype's row"
is "$(mr-request -c "$CONF" --show 1 | jq -c '.events[0].detail.classification_data.additional_data')" \
    '{"tmdb_id":293660}' "the prototype's classification_data in the event"
is "$(mr-request -c "$CONF" --show 4 | jq -r '.events[0].detail.classification_data')" \
    "not json" "classification_data that is no JSON is kept as text"
is "$(db "SELECT COUNT(*) FROM requests WHERE origin LIKE 'import:%'")" 6 \
    "origin import:ID"
is "$(db "SELECT arr_service, COUNT(*) FROM requests WHERE arr_service IS NOT NULL GROUP BY arr_service" | tr '\n' ' ')" \
    "lidarr|1 radarr|1 " "the prototype operators' query works"

# Twice: nothing added.
mr-request -c "$CONF" --import "$P" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 0 "second --import: exit 0"
is "$(cat "$T/out")" "" "second --import: no records"
like "$(cat "$T/err")" '6 rows: 0 imported \(0 Pending, 0 sent\), 6 imported before' \
    "second --import: all imported before"
is "$(db 'SELECT COUNT(*) FROM requests')" 6 "importing twice adds nothing"
is "$(db "SELECT COUNT(*) FROM events WHERE event = 'import'")" 6 \
    "and no event"
is "$(md5sum < "$P")" "$sum_before" "the prototype's file is not changed"

# A row added to the prototype later comes in on the next import.
sqlite3 "$P" "INSERT INTO requests (id, user_id, media_type, title, status) VALUES (7, 1, 'movie', 'Ronin', 'Failed (Radarr)')"
mr-request -c "$CONF" -q --import "$P" > "$T/out" 2> "$T/err"; rc=$?
is "$(jq -r '[.prototype_id, .title, .status] | @tsv' "$T/out")" \
    "7	Ronin	Pending" "a new prototype row is imported"
is "$(cat "$T/err")" "" "-q: no summary"

# Imported Pending requests are work for mr-process: due at once, to
# classify.
is "$(db "SELECT COUNT(*) FROM requests WHERE status = 'Pending' AND next_attempt_at IS NULL AND classification_data IS NULL AND lease_owner IS NULL")" \
    5 "imported Pending requests are due and unclassified"

# Errors.
mr-request -c "$CONF" --import "$T/none.db" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 1 "a missing file: exit 1"
like "$(cat "$T/err")" 'none.db' "the message names the file"
test ! -e "$T/none.db"; ok $? "a missing file is not created"
echo "hello" > "$T/text.db"
mr-request -c "$CONF" --import "$T/text.db" > /dev/null 2> "$T/err"; rc=$?
is "$rc" 1 "not a prototype database: exit 1"
mr-request -c "$CONF" --import "$P" Dexter > /dev/null 2>&1; rc=$?
is "$rc" 2 "--import with titles: exit 2"
mr-request -c "$CONF" --import "$P" -l > /dev/null 2>&1; rc=$?
is "$rc" 2 "--import with --list: exit 2"

done_testing
