#!/bin/sh
# The examples in the man pages really run.  A runnable example is a line
# starting with "$ " inside a .Bd -literal block (any section); other
# literal lines (crontab entries, ini text) are illustrations.  Each page
# runs its examples in order, in a fresh directory with a private config
# and database, against the fakes; each must exit 0 (every command of a
# pipeline, when bash is there for pipefail).  An example whose
# tool is not built yet is skipped.
. "$(dirname "$0")/lib.sh"

if ! command -v jq >/dev/null 2>&1; then
	echo "1..0 # skip jq is not installed"
	exit 0
fi

# Until tests/fake/svc_tmdb.py serves /3/configuration (TMDb's cheap call
# that --check makes), script it; a script answers before the key check,
# so tests of a wrong key clear it first.
tmdb_configuration_shim() {
	_code=$(curl -s -o /dev/null -w '%{http_code}' \
	    -H "Authorization: Bearer $TMDB_TOKEN" \
	    "$FAKE_URL/tmdb/3/configuration")
	[ "$_code" = 404 ] && fake_script '{"service":"tmdb",
	    "path":"^/3/configuration$","action":"status","status":200,
	    "body":{"images":{"base_url":"http://image.tmdb.org/t/p/",
	    "secure_base_url":"https://image.tmdb.org/t/p/"},
	    "change_keys":[]}}'
	return 0
}

# Start the fakes that exist (all six once every plugin has landed).
svcs=
missing=
for s in tmdb spotify musicbrainz sonarr radarr lidarr; do
	if [ -f "$MR_TOP/tests/fake/svc_$s.py" ]; then
		svcs=${svcs:+$svcs,}$s
	else
		missing="$missing $s"
	fi
done
if [ -n "$svcs" ]; then
	[ -f "$MR_TOP/tests/fake/svc_tmdb.py" ] &&
	    [ -f "$MR_TOP/tests/fake/svc_spotify.py" ] &&
	    svcs=$svcs,spotify-accounts
	# The *arr fakes learn the titles the examples use (tools/demo.sh too).
	python3 "$MR_TOP/tools/demo-fixtures.py" "$MR_TOP/tests/fixtures" \
	    "$T/fixtures" || { echo "Bail out! demo-fixtures.py failed"; exit 1; }
	fake_start "$svcs" --fixtures "$T/fixtures"
	[ -f "$MR_TOP/tests/fake/svc_tmdb.py" ] && tmdb_configuration_shim
else
	FAKE_URL=http://127.0.0.1:9
fi
write_config
MEDIA_ROUTE_CONFIG=$CONF
export MEDIA_ROUTE_CONFIG

# examples PAGE: the runnable lines, "\e" turned back into "\".
examples() {
	awk '
	/^\.Bd -literal/ { lit = 1; next }
	/^\.Ed/ { lit = 0; next }
	lit && /^\$ / { sub(/^\$ /, ""); gsub(/\\e/, "\\"); print }
	' "$1"
}

# A pipeline fails when any part fails, where the shell can say so.
shell=sh
command -v bash > /dev/null 2>&1 && shell="bash -o pipefail"

for page in "$MR_TOP"/man/*.[157]; do
	name=$(basename "$page")
	dir=$T/ex-$name
	mkdir -p "$dir"
	MR_DATABASE_PATH=$dir/mr.db
	export MR_DATABASE_PATH
	n=0
	examples "$page" > "$T/examples"
	while IFS= read -r cmd; do
		n=$((n + 1))
		# lib.sh prints descriptions with echo, which reads "\".
		desc="$name: $(printf '%s\n' "$cmd" | sed 's/\\/\\\\/g')"
		absent=
		for tool in $(printf '%s\n' "$cmd" |
		    grep -oE '(^|[ |(])mr-[a-z]+' | tr -d ' |('); do
			have_tool "$tool" || absent="$absent $tool"
		done
		if [ -n "$absent" ]; then
			skip "$desc (not built yet:$absent)"
			continue
		fi
		(cd "$dir" && $shell -c "$cmd") < /dev/null > "$dir/out.$n" \
		    2> "$dir/err.$n"
		rc=$?
		if [ $rc -ne 0 ] && [ -n "$missing" ]; then
			skip "$desc (fakes not there yet:$missing)"
			continue
		fi
		is "$rc" 0 "$desc"
		[ $rc -ne 0 ] && sed 's/^/#   /' "$dir/err.$n" | head -5
	done < "$T/examples"
	[ $n -gt 0 ] || diag "$name: no runnable examples"
done
done_testing
