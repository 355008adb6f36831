# pipeline-lib.sh: helpers for the tests/t/04NN-pipeline-*.t tests, sourced
# after lib.sh.

# cls TITLE TYPE SERVICE EXTERNAL_ID [ID_SOURCE [CONFIDENCE [EXTRA_BEST]]]:
# print a classification record (DESIGN.md 3.3) for mr-request.
cls() {
	_src=${5:-}
	if [ -z "$_src" ]; then
		case $3 in
		radarr) _src=tmdb ;;
		sonarr) _src=tvdb ;;
		*) _src=musicbrainz ;;
		esac
	fi
	jq -cn --arg t "$1" --arg ty "$2" --arg s "$3" --arg e "$4" \
	    --arg src "$_src" --argjson c "${6:-0.95}" \
	    --argjson x "${7:-{\}}" \
	    '{query: $t, parsed: {title: $t, year: null, hint: null},
	      best: ({media_type: $ty, service: $s, title: $t, year: null,
	              external_id: $e, id_source: $src, confidence: $c,
	              ids: {}, why: ["test"]} + $x),
	      ambiguous: false, matches: [], elapsed_ms: 1}'
}

# db SQL: run SQL on the test database.
db() { sqlite3 "$T/mr.db" "$1"; }

# status_of ID
status_of() { db "SELECT status FROM requests WHERE id = $1"; }

# posts SERVICE PATH_ERE: number of POSTs to paths matching PATH_ERE.
posts() {
	fake_requests "$1" | jq -c --arg p "$2" \
	    'select(.method == "POST" and (.path | test($p)))' | grep -c .
}

MANOWAR=00eeed6b-5897-4359-8347-b8cd28375331
KINGS_OF_METAL=7e57b000-0000-4000-8000-00000000b001
