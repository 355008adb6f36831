#!/bin/sh
# make demo: the main job of media-route, end to end, against the loopback
# fakes of the test suite (tests/fake/fake.py): classify a few titles,
# queue them, process the queue into Sonarr, Radarr and Lidarr, report.
# Builds nothing (make demo runs `make all` first); touches no network
# beyond 127.0.0.1 and nothing outside a temporary directory.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/cmd:$PATH
export PATH
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mr-demo.XXXXXX") || exit 1
fake_pid=

cleanup() {
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null
		wait "$fake_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Show a command, then run it.
run() {
	printf '\n$ %s\n' "$1"
	sh -c "$1"
}

say() { printf '\n# %s\n' "$*"; }

# What exists so far.
tools=
missing=
for t in mr-classify mr-request mr-process mr-report; do
	if [ -x "$top/cmd/$t" ]; then
		tools="$tools $t"
	else
		missing="$missing $t"
	fi
done
svcs=
for s in tmdb spotify musicbrainz sonarr radarr lidarr; do
	if [ -f "$top/tests/fake/svc_$s.py" ]; then
		svcs=${svcs:+$svcs,}$s
	else
		missing="$missing fake-$s"
	fi
done
if [ -n "$missing" ]; then
	echo "media-route demo: built:${tools:- nothing yet}"
	echo "not yet:$missing"
	echo "(the demo runs once every tool and fake service is there)"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "media-route demo: needs python3 for the fake services" >&2
	exit 1
fi

# The *arr fakes know a few items of their own; teach them the demo's
# titles (the ids the TMDb, Spotify and MusicBrainz fakes give), in a copy.
python3 "$top/tools/demo-fixtures.py" "$top/tests/fixtures" "$tmp/fixtures" ||
    exit 1

python3 "$top/tests/fake/fake.py" --services "$svcs,spotify-accounts" \
    --fixtures "$tmp/fixtures" --state "$tmp/fake-state.json" \
    --port-file "$tmp/port" > "$tmp/fake.out" 2> "$tmp/fake.err" &
fake_pid=$!
i=0
while [ ! -s "$tmp/port" ]; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 "$fake_pid" 2>/dev/null; then
		echo "demo: the fake services did not start:" >&2
		cat "$tmp/fake.err" >&2
		exit 1
	fi
	sleep 0.05
done
url=http://127.0.0.1:$(cat "$tmp/port")

# The fakes accept these test keys (see tests/t/lib.sh).
cat > "$tmp/media-route.ini" <<EOF
[database]
path = $tmp/media-route.db
[tmdb]
read_access_token = test-tmdb-read-access-token-0123456789abcdef
base_url = $url/tmdb/3
[spotify]
client_id = test-spotify-client-id
client_secret = test-spotify-client-secret
base_url = $url/spotify/v1
token_url = $url/spotify-accounts/api/token
[musicbrainz]
base_url = $url/musicbrainz/ws/2
user_agent = media-route-demo/1.0 ( demo@example.org )
[sonarr]
url = $url/sonarr
api_key = test-sonarr-key-0123456789
[radarr]
url = $url/radarr
api_key = test-radarr-key-0123456789
[lidarr]
url = $url/lidarr
api_key = test-lidarr-key-0123456789
EOF
chmod 600 "$tmp/media-route.ini"
MEDIA_ROUTE_CONFIG=$tmp/media-route.ini
export MEDIA_ROUTE_CONFIG
cd "$tmp" || exit 1

if command -v jq >/dev/null 2>&1; then
	short="jq -c '{query, type: .best.media_type, service: .best.service, title: .best.title, year: .best.year, id: .best.external_id, confidence: .best.confidence, ambiguous}'"
	brief="jq -c '{id, title, status, arr_service, external_id, confidence_score}'"
	dup="jq -c '{id, title, status, duplicate_of}'"
else
	short=cat
	brief=cat
	dup=cat
fi

echo "media-route demo: fake TMDb, Spotify, MusicBrainz, Sonarr, Radarr and"
echo "Lidarr on $url; config and database in $tmp"

say "What is it?  A show, a film, a band, an album, and an ambiguous title:"
run "mr-classify 'Breaking Bad' 'Blade Runner 1982' Muse 'Abbey Road album' Fargo | $short"

say "Queue them, as people would:"
run "mr-request -u alice 'Breaking Bad' 'Blade Runner 1982' | $brief"
run "mr-request -u bob Muse 'Abbey Road album' Fargo | $brief"

say "What cron runs every five minutes (-p shows what changed):"
run "mr-process -p | $brief"

say "Fargo is a film and a show: a person picks option 2, the show:"
run "mr-request -l --status NeedsReview | jq -c '{id, title, options: [.classification.matches[] | {media_type, title, year}]}'"
run "mr-reclassify -o 2 5 | $brief"
run "mr-process -p | $brief"

say "Asking again for something already sent stores nothing new:"
run "mr-classify 'breaking bad' | mr-request | $dup"

say "The week in review:"
run "mr-report"

say "Is the installation sound?"
run "mr-report --check"
echo
echo "# Done; the fakes are stopped and $tmp is removed."
exit 0
