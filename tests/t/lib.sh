# lib.sh: sourced by every tests/t/*.t.  POSIX sh helpers that emit TAP,
# make a private temp dir, start and stop the loopback fake, and write a
# private config and database.  Nothing here touches the network beyond
# 127.0.0.1.
#
#   . "$(dirname "$0")/lib.sh"
#   fake_start tmdb,sonarr          # FAKE_URL, FAKE_PID, FAKE_LOG
#   write_config                    # $CONF, with $T/mr.db
#   mr-classify -c "$CONF" Dexter > "$T/out"; rc=$?
#   is "$rc" 0 "exit 0"
#   done_testing

set -u
MR_TOP=${MR_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=$MR_TOP/cmd:$MR_TOP/tests/bin:$PATH
export PATH MR_TOP
unset MEDIA_ROUTE_CONFIG XDG_CONFIG_HOME
# Environment overrides from the developer's shell must not leak in.
for _v in $(env | sed -n 's/^\(MR_[A-Z0-9_]*\)=.*/\1/p'); do
	[ "$_v" = MR_TOP ] || unset "$_v"
done
T=$(mktemp -d "${TMPDIR:-/tmp}/mr-test.XXXXXX")
HOME=$T/home
mkdir -p "$HOME"
export HOME
FAKE_PID=
FAKE_URL=http://127.0.0.1:9
FAKE_LOG=$T/fake.log
CONF=$T/media-route.ini
tap_n=0
tap_failed=0

# Test keys the fakes accept (tests/fake/svc_*.py use the same).
TMDB_KEY=test-tmdb-key
TMDB_TOKEN=test-tmdb-read-access-token-0123456789abcdef
SPOTIFY_ID=test-spotify-client-id
SPOTIFY_SECRET=test-spotify-client-secret
SONARR_KEY=test-sonarr-key-0123456789
RADARR_KEY=test-radarr-key-0123456789
LIDARR_KEY=test-lidarr-key-0123456789

cleanup() {
	fake_stop
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() {	# ok STATUS DESCRIPTION: STATUS 0 passes
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

is() {	# is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
	fi
}

isnt() {	# isnt GOT UNWANTED DESCRIPTION
	if [ "$1" != "$2" ]; then ok 0 "$3"; else ok 1 "$3"; echo "#   got: '$1'"; fi
}

like() {	# like GOT ERE DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want match: $2"
	fi
}

unlike() {	# unlike GOT ERE DESCRIPTION
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   must not match: $2"
	else
		ok 0 "$3"
	fi
}

skip() {	# skip DESCRIPTION
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # skip $1"
}

diag() { echo "# $*"; }

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
	exit $?
}

have_tool() { [ -x "$MR_TOP/cmd/$1" ] || [ -x "$MR_TOP/tests/bin/$1" ]; }

# fake_start SERVICES [fake.py options...]: start the fake on a free port.
fake_start() {
	_svc=$1
	shift
	rm -f "$T/fake.port"
	python3 "$MR_TOP/tests/fake/fake.py" --services "$_svc" \
	    --fixtures "$MR_TOP/tests/fixtures" --log "$FAKE_LOG" \
	    --state "$T/fake-state.json" --port-file "$T/fake.port" "$@" \
	    > "$T/fake.out" 2> "$T/fake.err" &
	FAKE_PID=$!
	_i=0
	while [ ! -s "$T/fake.port" ]; do
		_i=$((_i + 1))
		if [ $_i -gt 200 ] || ! kill -0 "$FAKE_PID" 2>/dev/null; then
			echo "Bail out! fake did not start: $(cat "$T/fake.err")"
			exit 1
		fi
		sleep 0.05
	done
	FAKE_PORT=$(cat "$T/fake.port")
	FAKE_URL=http://127.0.0.1:$FAKE_PORT
	export FAKE_URL FAKE_PORT
}

fake_stop() {
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
		FAKE_PID=
	fi
}

# fake_restart [fake.py options...]: same services, port and state.
fake_restart() {
	fake_stop
	python3 "$MR_TOP/tests/fake/fake.py" --services "$_svc" \
	    --fixtures "$MR_TOP/tests/fixtures" --log "$FAKE_LOG" \
	    --state "$T/fake-state.json" --port "$FAKE_PORT" "$@" \
	    > "$T/fake.out" 2> "$T/fake.err" &
	FAKE_PID=$!
	_i=0
	until fake_get /_fake/stats >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -gt 200 ] && { echo "Bail out! fake did not restart"; exit 1; }
		sleep 0.05
	done
}

fake_get() { curl -sf "$FAKE_URL$1"; }
fake_post() { curl -sf -X POST -H 'Content-Type: application/json' \
    --data-binary "${2:-{\}}" "$FAKE_URL$1"; }
fake_script() { fake_post /_fake/script "$1" >/dev/null; }
fake_reset() { fake_post /_fake/reset >/dev/null; }
# fake_requests [SERVICE]: the request log as JSON lines.
fake_requests() {
	if [ $# -gt 0 ]; then
		fake_get /_fake/requests | jq -c --arg s "$1" 'select(.service == $s)'
	else
		fake_get /_fake/requests
	fi
}
fake_count() { fake_requests "$@" | grep -c . ; }

# write_config [EXTRA_INI_TEXT]: a private config for every fake service
# started, database in $T/mr.db, mode 600.
write_config() {
	{
		echo "[database]"
		echo "path = $T/mr.db"
		echo "[http]"
		echo "timeout = 5"
		echo "connect_timeout = 2"
		echo "[tmdb]"
		echo "read_access_token = $TMDB_TOKEN"
		echo "base_url = $FAKE_URL/tmdb/3"
		echo "[spotify]"
		echo "client_id = $SPOTIFY_ID"
		echo "client_secret = $SPOTIFY_SECRET"
		echo "base_url = $FAKE_URL/spotify/v1"
		echo "token_url = $FAKE_URL/spotify-accounts/api/token"
		echo "[musicbrainz]"
		echo "base_url = $FAKE_URL/musicbrainz/ws/2"
		echo "user_agent = media-route-test/1.0 ( test@example.org )"
		echo "[sonarr]"
		echo "url = $FAKE_URL/sonarr"
		echo "api_key = $SONARR_KEY"
		echo "[radarr]"
		echo "url = $FAKE_URL/radarr"
		echo "api_key = $RADARR_KEY"
		echo "[lidarr]"
		echo "url = $FAKE_URL/lidarr"
		echo "api_key = $LIDARR_KEY"
		[ $# -gt 0 ] && printf '%s\n' "$1"
	} > "$CONF"
	chmod 600 "$CONF"
}

# no_secret_in FILE...: exit 0 when no test key appears in the files.
no_secret_in() {
	! grep -F -e "$TMDB_TOKEN" -e "$SPOTIFY_SECRET" -e "$SONARR_KEY" \
	    -e "$RADARR_KEY" -e "$LIDARR_KEY" -e "$TMDB_KEY" "$@" >/dev/null 2>&1
}
