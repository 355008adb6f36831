#!/bin/sh
# mr-report: text, json and csv of one seeded database agree with each
# other and with sqlite3 queries on the same file; usage and I/O errors.
. "$(dirname "$0")/lib.sh"

for c in sqlite3 jq python3; do
	if ! command -v $c >/dev/null 2>&1; then
		echo "1..0 # skip $c is not installed"
		exit 0
	fi
done
FAKE_URL=http://127.0.0.1:9
write_config
DB=$T/mr.db

# Create and migrate the database, then seed it relative to now.
mr-report -c "$CONF" > /dev/null
ok $? "mr-report creates the database"
sqlite3 "$DB" <<'SQL'
INSERT INTO requests (title, status, requested_at, arr_service, arr_instance,
    confidence_score, attempts, sent_at, last_error) VALUES
 ('Dexter', 'SentToSonarr', datetime('now', '-1 day'), 'sonarr', NULL, 0.93,
  1, datetime('now', '-1 day', '+12 seconds'), NULL),
 ('Dune 1984', 'SentToRadarr', datetime('now', '-2 days'), 'radarr', NULL,
  0.81, 2, datetime('now', '-2 days', '+40 seconds'), NULL),
 ('Heat', 'SentToRadarr', datetime('now', '-2 days'), 'radarr', '4k', 0.55,
  1, datetime('now', '-2 days', '+5 seconds'), NULL),
 ('Muse', 'SentToLidarr', datetime('now', '-3 days'), 'lidarr', NULL, 0.77,
  1, datetime('now', '-3 days', '+100 seconds'), NULL),
 ('Blade Runner', 'NeedsReview', datetime('now', '-3 days'), 'radarr', NULL,
  0.41, 0, NULL, NULL),
 ('zzzz, qqqq', 'NoMatch', datetime('now', '-4 days'), NULL, NULL, 0.02, 0,
  NULL, NULL),
 ('Broken "one"', 'Failed', datetime('now', '-5 days'), 'sonarr', NULL, 0.9,
  8, NULL, 'sonarr: HTTP 400: "RootFolderPath" must not be empty'),
 ('Later', 'Pending', datetime('now', '-1 hours'), NULL, NULL, NULL, 0, NULL,
  NULL),
 ('Ancient', 'SentToRadarr', datetime('now', '-30 days'), 'radarr', NULL,
  0.99, 1, datetime('now', '-30 days', '+3 seconds'), NULL);
INSERT INTO events (request_id, event, detail) VALUES
 (3, 'override', '{"service":"radarr"}'),
 (2, 'retry', NULL),
 (NULL, 'upstream', '{"service":"tmdb","status":200,"latency_ms":120}'),
 (NULL, 'upstream', '{"service":"tmdb","status":503,"latency_ms":40}'),
 (NULL, 'upstream', '{"service":"sonarr","status":201,"latency_ms":30}');
SQL
ok $? "seeded the database"

mr-report -c "$CONF" > "$T/text"
is $? 0 "text: exit 0"
mr-report -c "$CONF" -f json > "$T/json"
is $? 0 "json: exit 0"
mr-report -c "$CONF" --format csv > "$T/csv"
is $? 0 "csv: exit 0"
is "$(wc -l < "$T/json" | tr -d ' ')" 1 "json: one line"
jq -e . "$T/json" > /dev/null
ok $? "json: parses"

q() { sqlite3 "$DB" "$1"; }
W="requested_at >= datetime('now', '-7 days')"
is "$(jq .total "$T/json")" "$(q "SELECT COUNT(*) FROM requests WHERE $W")" \
    "json: total as sqlite3 counts it"
is "$(jq .total "$T/json")" 8 "json: total 8 (the 30-day-old row is out)"
for s in Pending NeedsReview NoMatch SentToRadarr SentToSonarr SentToLidarr \
    Failed Cancelled; do
	is "$(jq ".by_status.$s" "$T/json")" \
	    "$(q "SELECT COUNT(*) FROM requests WHERE $W AND status = '$s'")" \
	    "json: by_status $s as sqlite3"
done
is "$(jq -c .by_service "$T/json")" \
    '{"lidarr":1,"radarr":2,"radarr:4k":1,"sonarr":2}' "json: by_service"
is "$(jq .success.rate "$T/json")" 0.5 "json: success rate 4/8"
is "$(jq -c .routing "$T/json")" '{"auto":3,"needs_review":1,"overridden":1}' \
    "json: auto, needs review, overridden"
is "$(jq -c .retries "$T/json")" '{"requests":2,"events":1}' "json: retries"
is "$(jq '.time_to_sent_s | [.count, .median, .max] | @csv' -r "$T/json")" \
    "4,26,100" "json: time to sent (5, 12, 40, 100 s)"
is "$(jq '[.confidence.bins[]] | add' "$T/json")" \
    "$(q "SELECT COUNT(confidence_score) FROM requests WHERE $W")" \
    "json: histogram holds every scored request"
is "$(jq -c '[.lowest_confidence[].id]' "$T/json")" \
    "$(q "SELECT '[' || group_concat(id) || ']' FROM (SELECT id FROM requests
        WHERE $W AND confidence_score < 0.6 ORDER BY confidence_score)")" \
    "json: lowest confidence as the prototype's query orders them"
is "$(jq -r '.failed[0].last_error' "$T/json")" \
    'sonarr: HTTP 400: "RootFolderPath" must not be empty' \
    "json: failed request with its reason"
is "$(jq -c '.upstream.tmdb | [.calls, .errors]' "$T/json")" "[2,1]" \
    "json: upstream calls and errors"

# The CSV parses as CSV and holds exactly the JSON's values.
python3 - "$T/csv" "$T/json" > "$T/cmp" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
assert rows[0] == ['metric', 'key', 'value'], rows[0]
want = {}
def walk(path, o):
    for k, v in o.items():
        sub = path + '.' + k if path else k
        if isinstance(v, dict):
            walk(sub, v)
        elif isinstance(v, list):
            for i, e in enumerate(v):
                walk('%s.%s' % (sub, e.get('id', i)), e)
        else:
            key = (path, k) if path else (k, '')
            if v is None:
                v = ''
            elif isinstance(v, bool):
                v = 'true' if v else 'false'
            want[key] = v
walk('', json.load(open(sys.argv[2])))
got = {}
for r in rows[1:]:
    assert len(r) == 3, r
    got[(r[0], r[1])] = r[2]
assert set(got) == set(want), set(got) ^ set(want)
for k, v in want.items():
    g = got[k]
    if isinstance(v, (int, float)):
        assert abs(float(g) - v) < 1e-9, (k, g, v)
    else:
        assert g == v, (k, g, v)
print('same')
PY
is "$(cat "$T/cmp")" same "csv: every JSON value, parsed by python3 csv"
like "$(cat "$T/text")" "^requests +8$" "text: total"
like "$(cat "$T/text")" "^sent +4  50\.0%$" "text: sent and rate"
like "$(cat "$T/text")" "^  0\.9-1\.0 +2 \|#{40}$" "text: histogram, longest bar"
like "$(cat "$T/text")" "^  0\.4-0\.5 +1 \|#{20}$" "text: histogram, half bar"
like "$(cat "$T/text")" "^  radarr:4k +1$" "text: an instance"
like "$(cat "$T/text")" 'RootFolderPath' "text: failure reason"

# The prototype's monitoring queries still run on the same file.
q "SELECT COUNT(CASE WHEN status LIKE 'SentTo%' THEN 1 END)*100.0/COUNT(*)
   FROM requests WHERE date(requested_at) = date('now');" > /dev/null
ok $? "prototype query: today's success rate"
is "$(q "SELECT arr_service, COUNT(*) FROM requests WHERE arr_service IS NOT
    NULL GROUP BY arr_service" | tr '\n' ' ')" \
    "lidarr|1 radarr|4 sonarr|2 " "prototype query: per service"
is "$(q "SELECT id FROM requests WHERE confidence_score < 0.6
    ORDER BY confidence_score" | tr '\n' ' ')" "6 5 3 " \
    "prototype query: low confidence"

# Windows.
is "$(mr-report -c "$CONF" -d 60 -f json | jq .total)" 9 "-d 60 sees all"
is "$(mr-report -c "$CONF" --since 2000-01-01 --until 2000-01-31 -f json |
    jq .total)" 0 "an old window is empty"
mr-report -c "$CONF" --since 2000-01-01 --until 2000-01-31 > "$T/empty"
is $? 0 "an empty window is no error"
like "$(cat "$T/empty")" "^requests +0$" "text of an empty window"

# Window edges: since is included, until excluded; a bare --until date
# includes its day; times may carry a zone.
sqlite3 "$DB" "INSERT INTO requests (title, status, requested_at) VALUES
    ('edge-start', 'Pending', '2026-10-01 00:00:00'),
    ('edge-end', 'Pending', '2026-10-01 23:59:59'),
    ('next-day', 'Pending', '2026-10-02 00:00:00')"
total() { mr-report -c "$CONF" -f json "$@" | jq .total; }
is "$(total --since 2026-10-01 --until 2026-10-01)" 2 \
    "--since D --until D: the whole day D"
is "$(total --since 2026-10-01T00:00:01Z --until 2026-10-02)" 2 \
    "--since excludes what came before"
is "$(total --since 2026-10-01 --until 2026-10-02T00:00:00Z)" 2 \
    "--until with a time excludes that instant"
is "$(total --since 2026-10-01T01:00:00+01:00 --until 2026-10-01)" 2 \
    "01:00+01:00 is midnight UTC"
is "$(total --since 2026-10-01T01:00:00+00:00 --until 2026-10-01)" 1 \
    "01:00+00:00 is an hour later"
mr-report -c "$CONF" --since 2026-10-01T02:00:00+02:00 \
    --until 2026-10-01T01:59:59+02:00 > /dev/null 2>&1
is $? 2 "since after until, with zones: exit 2"
is "$(total -d 1 --until 2026-10-01)" 2 "-d 1 before a bare --until"
is "$(mr-report -c "$CONF" -f json --since 2026-10-01 --until 2026-10-01 |
    jq -r .window.until)" "2026-10-02 00:00:00" "the window says its edges"

# Errors.
mr-report -c "$CONF" -f xml > /dev/null 2> "$T/err"
is $? 2 "unknown format: exit 2"
like "$(cat "$T/err")" "usage: mr-report" "usage printed"
mr-report -c "$CONF" --since yesterday > /dev/null 2>&1
is $? 2 "bad date: exit 2"
mr-report -c "$CONF" -d 0 > /dev/null 2>&1
is $? 2 "-d 0: exit 2"
mr-report -c "$CONF" --since 2026-11-02 --until 2026-11-01 > /dev/null 2>&1
is $? 2 "since after until: exit 2"
mr-report -c "$CONF" extra > /dev/null 2>&1
is $? 2 "operand: exit 2"
mr-report -c "$T/nonexistent.ini" > /dev/null 2>&1
is $? 3 "missing config file: exit 3"
if [ -w /dev/full ]; then
	mr-report -c "$CONF" > /dev/full 2> /dev/null
	is $? 5 "write error: exit 5"
else
	skip "no /dev/full"
fi
mr-report -c "$CONF" -h > "$T/help"
is $? 0 "-h: exit 0"
like "$(cat "$T/help")" "--check" "-h shows --check"
done_testing
