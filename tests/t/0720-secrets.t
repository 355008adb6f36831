#!/bin/sh
# Secrets (issue 7 item 6): every tool, run with -vv against the fakes,
# never shows a test key in stdout, stderr, the [log] file, the database
# (sqlite3 .dump) or any URL the fakes saw; the keys did reach the fakes
# (in headers), so the checks are not vacuous.  A config holding a key
# that others may read gets a warning; a group-readable one does not.
. "$(dirname "$0")/lib.sh"

# Every service whose fake exists on this branch.
. "$(dirname "$0")/harden-lib.sh"
svcs=echo
for s in tmdb spotify spotify-accounts musicbrainz sonarr radarr lidarr; do
	[ -f "$MR_TOP/tests/fake/svc_$(echo $s | tr - _).py" ] && svcs=$svcs,$s
done
harden_fixtures
fake_start "$svcs" --fixtures "$FX"
# Spotify's client credentials travel as Basic base64(id:secret): that
# form must not leak either.
BASIC=$(printf '%s:%s' "$SPOTIFY_ID" "$SPOTIFY_SECRET" | base64 | tr -d '\n')
no_secret_in() {
	! grep -F -e "$TMDB_TOKEN" -e "$SPOTIFY_SECRET" -e "$SONARR_KEY" \
	    -e "$RADARR_KEY" -e "$LIDARR_KEY" -e "$TMDB_KEY" -e "$BASIC" \
	    "$@" > /dev/null 2>&1
}
LOG=$T/mr.log
write_config "[log]
file = $LOG
level = debug"
DB=$T/mr.db
n=0

# run NAME CMD...: run one tool invocation, keep its output for the checks.
run() {
	_name=$1
	shift
	n=$((n + 1))
	"$@" > "$T/out.$n" 2> "$T/err.$n" < /dev/null
	echo "$?" > "$T/rc.$n"
	echo "$_name" > "$T/name.$n"
}

# --- the test drivers that exist on every branch ---
run "mr-tool-demo" mr-tool-demo -vv -c "$CONF" --db \
    --log "Authorization: Bearer $TMDB_TOKEN" Dexter
run "mr-http-get" mr-http-get -v --db "$DB" \
    -H "X-Api-Key: $RADARR_KEY" "$FAKE_URL/radarr/api/v3/system/status"
run "mr-http-get 401" mr-http-get -v --attempts 1 \
    -H "X-Api-Key: wrong-$SONARR_KEY" "$FAKE_URL/sonarr/api/v3/system/status"
for svc in sonarr radarr lidarr; do
	if have_tool mr-arr-add; then
		run "mr-arr-add --check $svc" mr-arr-add -c "$CONF" -s "$svc" --check
	fi
done
have_tool mr-arr-add && run "mr-arr-add sonarr" mr-arr-add -c "$CONF" -s sonarr 81189
have_tool mr-arr-add && run "mr-arr-add radarr" mr-arr-add -c "$CONF" -s radarr 990201

# --- the installed tools, when built (names of DESIGN.md 7.1) ---
if have_tool mr-classify; then
	run "mr-classify" mr-classify -vv -c "$CONF" "Dexter" "Dune 1984" \
	    "Interstellar" "Muse"
fi
if have_tool mr-request; then
	run "mr-request" mr-request -vv -c "$CONF" "Breaking Bad" Interstellar \
	    "Game of Thrones" Muse
	run "mr-request --list" mr-request -vv -c "$CONF" --list
fi
have_tool mr-process && run "mr-process" mr-process -vv -c "$CONF" -p
have_tool mr-reclassify && run "mr-reclassify --again" \
    mr-reclassify -vv -c "$CONF" --again 1
have_tool mr-backfill && run "mr-backfill" mr-backfill -vv -c "$CONF"
have_tool mr-report && run "mr-report" mr-report -vv -c "$CONF" -f json
if have_tool mr-request; then
	run "mr-request --show" mr-request -vv -c "$CONF" --show 1
fi

i=1
while [ $i -le $n ]; do
	name=$(cat "$T/name.$i")
	rc=$(cat "$T/rc.$i")
	ok $([ "$rc" -le 4 ]; echo $?) "$name: ran (exit $rc)"
	ok $(no_secret_in "$T/out.$i"; echo $?) "$name: no key on stdout"
	ok $(no_secret_in "$T/err.$i"; echo $?) "$name: no key on stderr"
	i=$((i + 1))
done

ok $([ -s "$LOG" ]; echo $?) "the [log] file was written"
ok $(no_secret_in "$LOG"; echo $?) "no key in the [log] file"
if command -v sqlite3 > /dev/null && [ -f "$DB" ]; then
	sqlite3 "$DB" .dump > "$T/dump.sql"
	ok $([ -s "$T/dump.sql" ]; echo $?) "the database was dumped"
	ok $(no_secret_in "$T/dump.sql"; echo $?) "no key in the database"
else
	skip "no sqlite3 or no database"
	skip "no sqlite3 or no database"
fi

# What the fakes saw: keys in headers only, never in a path or query.
fake_requests | jq -r '.path + "?" + (.query // "")' > "$T/urls"
ok $([ -s "$T/urls" ]; echo $?) "the fakes logged the URLs"
ok $(no_secret_in "$T/urls"; echo $?) "no key in any URL the fakes saw"
fake_requests | jq -r '.body // empty' > "$T/bodies"
ok $(no_secret_in "$T/bodies"; echo $?) "no key in any request body"
if have_tool mr-process; then
	is "$(hdb "SELECT count(*) FROM requests WHERE status LIKE 'SentTo%'")" 4 \
	    "mr-process sent the requests (the keys were used)"
else
	skip "no mr-process"
fi
saw=$(fake_requests | jq -r '.headers | to_entries[] |
    select(.key | ascii_downcase == "x-api-key") | .value' | sort -u | tr '\n' ' ')
like "$saw" "$SONARR_KEY" "the Sonarr key was sent, in X-Api-Key"
like "$saw" "$RADARR_KEY" "the Radarr key was sent, in X-Api-Key"

# --- permission warnings: o+r warns, g+r does not (DESIGN.md 7.4) ---
# (on stderr: without [log] file, where a cron job's warnings go instead)
cp "$CONF" "$T/logged.ini"
write_config
for tool in mr-tool-demo mr-classify mr-request mr-process mr-report \
    mr-reclassify mr-backfill; do
	have_tool $tool || continue
	cp "$CONF" "$T/shared.ini"
	chmod 644 "$T/shared.ini"
	case $tool in
	mr-tool-demo|mr-classify) args=x ;;
	mr-request) args=--list ;;
	mr-process) args=-n ;;
	mr-report) args= ;;
	mr-reclassify) args=--review ;;
	*) args= ;;
	esac
	$tool -c "$T/shared.ini" $args > /dev/null 2> "$T/perm.err" < /dev/null
	like "$(cat "$T/perm.err")" "shared.ini: holds secrets but is readable by others" \
	    "$tool: a world-readable config with keys is warned about"
	ok $(no_secret_in "$T/perm.err"; echo $?) "$tool: the warning shows no key"
	chmod 640 "$T/shared.ini"
	$tool -c "$T/shared.ini" $args > /dev/null 2> "$T/perm.err" < /dev/null
	unlike "$(cat "$T/perm.err")" "readable by" \
	    "$tool: a group-readable config is not"
done
chmod 644 "$T/logged.ini"
: > "$LOG"
mr-tool-demo -c "$T/logged.ini" x > /dev/null 2> "$T/perm.err"
like "$(cat "$LOG")" "logged.ini: holds secrets but is readable by others" \
    "with [log] file the warning goes to the log"
ok $(no_secret_in "$LOG"; echo $?) "and shows no key"
printf '[http]\ntimeout = 5\n' > "$T/nokey.ini"
chmod 644 "$T/nokey.ini"
mr-tool-demo -c "$T/nokey.ini" x > /dev/null 2> "$T/perm.err"
is "$(cat "$T/perm.err")" "" "a world-readable config without keys is fine"

done_testing
