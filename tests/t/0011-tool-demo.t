#!/bin/sh
# cmd/common/tool.c and lib/jsonl.c end to end, through tests/bin/mr-tool-demo:
# options, exit codes, config errors, error records, the checked stdout.
. "$(dirname "$0")/lib.sh"

demo=mr-tool-demo
if ! have_tool $demo; then
	skip "mr-tool-demo not built"
	done_testing
fi

cat > "$CONF" <<EOC
[database]
path = $T/mr.db
[http]
timeout = 5
EOC
chmod 600 "$CONF"

out=$($demo --help 2>"$T/err"); rc=$?
is "$rc" 0 "--help exits 0"
like "$out" "^usage: mr-tool-demo" "--help prints the usage on stdout"
is "$(cat "$T/err")" "" "--help prints nothing on stderr"

out=$($demo -h); rc=$?
is "$rc" 0 "-h exits 0"

out=$($demo --version); rc=$?
is "$rc" 0 "--version exits 0"
is "$out" "mr-tool-demo media-route $(sed -n 's/^VERSION *= *//p' "$MR_TOP/Makefile")" \
    "--version prints prog and version"

$demo --help > /dev/full 2>/dev/null; rc=$?
is "$rc" 5 "--help to /dev/full exits 5"

$demo --no-such-option > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 2 "a bad option exits 2"
like "$(cat "$T/err")" "usage: mr-tool-demo" "a bad option prints the usage on stderr"
like "$(cat "$T/err")" "try 'mr-tool-demo --help'" "and a hint"
is "$(cat "$T/out")" "" "nothing on stdout"

$demo -j abc x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 2 "a bad -j value exits 2"
like "$(cat "$T/err")" '^mr-tool-demo: -j: "abc"' "names the option and value"

$demo -c "$T/nonexistent.ini" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "-c with a missing file exits 3"
like "$(cat "$T/err")" "^mr-tool-demo: config: $T/nonexistent.ini: No such file" \
    "names the file"

printf '[database]\npath = %s/mr.db\n[tmdb\n' "$T" > "$T/broken.ini"
$demo -c "$T/broken.ini" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "an unclosed section exits 3"
like "$(cat "$T/err")" "broken.ini:3: syntax error" "with file:line"

printf '[http]\nconnect_timeout = 2\ntimeout = abc\n' > "$T/bad.ini"
$demo -c "$T/bad.ini" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "timeout = abc exits 3"
is "$(cat "$T/err")" \
    "mr-tool-demo: config: $T/bad.ini:3: [http] timeout: \"abc\" is not a number from 1 to 600" \
    "the message names file, line, section, key and the rule"

MR_HTTP_TIMEOUT=abc $demo -c "$CONF" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "a bad MR_HTTP_TIMEOUT exits 3"
like "$(cat "$T/err")" "MR_HTTP_TIMEOUT: \[http\] timeout" "names the variable"

MEDIA_ROUTE_CONFIG=$T/bad.ini $demo x > /dev/null 2>&1; rc=$?
is "$rc" 3 "\$MEDIA_ROUTE_CONFIG is read"

mkdir -p "$HOME/.config/media-route"
cp "$T/bad.ini" "$HOME/.config/media-route/media-route.ini"
$demo x > /dev/null 2>&1; rc=$?
is "$rc" 3 "~/.config/media-route/media-route.ini is read"
rm "$HOME/.config/media-route/media-route.ini"

out=$($demo x 2> "$T/err"); rc=$?
is "$rc" 0 "no config file at all is fine"
is "$(cat "$T/err")" "" "and quiet"

out=$($demo -c "$CONF" Dexter '{"query":"Alien","z":1,"a":[1,2]}' 2> "$T/err"); rc=$?
is "$rc" 0 "operands: exit 0"
is "$out" '{"query":"Dexter"}
{"query":"Alien","z":1,"a":[1,2]}' "operands echoed as compact records, order kept"
is "$(cat "$T/err")" "" "a successful run prints nothing on stderr"

out=$($demo -c "$CONF" -P '{"query":"Alien","y":1}'); rc=$?
is "$out" '{
  "query": "Alien",
  "y": 1
}' "-P pretty-prints"

$demo -c "$CONF" Dexter > /dev/full 2> "$T/err"; rc=$?
is "$rc" 5 "writing to /dev/full exits 5"
like "$(cat "$T/err")" "^mr-tool-demo: stdout: write error" "and says so"

# stdin: text, blank, invalid UTF-8, JSON, an over-long line, bad JSON, text
{
	printf 'Dexter\n\n'
	printf 'bad \377 byte\n'
	printf '{"query":"Alien"}\n'
	head -c 1048677 /dev/zero | tr '\0' x
	printf '\n{"query":\n'
	printf 'last\n'
} > "$T/in"
$demo -c "$CONF" < "$T/in" > "$T/out" 2> "$T/err"; rc=$?
is "$rc" 1 "error records make exit 1"
is "$(wc -l < "$T/out" | tr -d ' ')" 6 "every non-blank line gives a record"
is "$(sed -n 1p "$T/out")" '{"query":"Dexter"}' "line 1 passes"
is "$(sed -n 2p "$T/out")" \
    '{"query":null,"error":{"code":"input.utf8","message":"line is not valid UTF-8"}}' \
    "invalid UTF-8 is an error record"
is "$(sed -n 3p "$T/out")" '{"query":"Alien"}' "reading goes on after an error"
like "$(sed -n 4p "$T/out")" '"code":"input.too_long"' "an over-long line is an error record"
like "$(sed -n 5p "$T/out")" '"code":"input.json"' "bad JSON is an error record"
is "$(sed -n 6p "$T/out")" '{"query":"last"}' "the last line passes"
like "$(sed -n 1p "$T/err")" '^mr-tool-demo: <stdin>:3: input.utf8: ' "stderr names line 3"
like "$(sed -n 2p "$T/err")" '^mr-tool-demo: <stdin>:5: input.too_long: ' "stderr names line 5"
like "$(sed -n 3p "$T/err")" '^mr-tool-demo: <stdin>:6: input.json: ' "stderr names line 6"
is "$(wc -l < "$T/err" | tr -d ' ')" 3 "one stderr line per failed record"

printf 'a\nb\n' | $demo -c "$CONF" first - last > "$T/out" 2>&1; rc=$?
is "$(tr '\n' ' ' < "$T/out")" '{"query":"first"} {"query":"a"} {"query":"b"} {"query":"last"} ' \
    "'-' reads stdin between operands"

# Secrets: permission warning, redaction, the log file.
printf '[tmdb]\napi_key = %s\n' "$TMDB_KEY" > "$T/secret.ini"
chmod 644 "$T/secret.ini"
$demo -c "$T/secret.ini" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "a world-readable config still works"
like "$(cat "$T/err")" "secret.ini: holds secrets but is readable by others" \
    "and warns"
$demo -q -c "$T/secret.ini" x > /dev/null 2> "$T/err"
is "$(cat "$T/err")" "" "-q silences the warning"
chmod 640 "$T/secret.ini"
$demo -c "$T/secret.ini" x > /dev/null 2> "$T/err"
is "$(cat "$T/err")" "" "group-readable is fine"
ok $(no_secret_in "$T/err"; echo $?) "the key is never printed"

$demo -c "$CONF" --log "GET /3/search?api_key=$TMDB_KEY&query=x Authorization: Bearer $TMDB_TOKEN" \
    x > /dev/null 2> "$T/err"
like "$(cat "$T/err")" "api_key=\*\*\*&query=x Authorization: \*\*\*" "secrets are masked in logs"
ok $(no_secret_in "$T/err"; echo $?) "no secret on stderr"

printf '[log]\nfile = %s/mr.log\nlevel = info\n' "$T" > "$T/log.ini"
$demo -c "$T/log.ini" --log "to the file token=$TMDB_TOKEN" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "[log] file works"
is "$(cat "$T/err")" "" "nothing on stderr with a log file"
like "$(cat "$T/mr.log")" \
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z mr-tool-demo\[[0-9]+\]: warn: to the file token=\*\*\*$' \
    "log lines carry a UTC timestamp, the program and the level"

printf '[log]\nfile = %s/no/such/dir/mr.log\n' "$T" > "$T/log2.ini"
$demo -c "$T/log2.ini" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "an unwritable [log] file exits 3"

printf '[log]\nlevel = error\n' > "$T/lvl.ini"
$demo -c "$T/lvl.ini" --log "hidden" x > /dev/null 2> "$T/err"
is "$(cat "$T/err")" "" "[log] level = error hides warnings"
$demo -c "$T/lvl.ini" -v --log "shown" x > /dev/null 2> "$T/err"
like "$(cat "$T/err")" "warn: shown" "-v raises the level"

printf '[tmdb]\nsurprise = 1\n[whatever]\nx = 1\n' > "$T/unk.ini"
$demo -c "$T/unk.ini" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "unknown keys and sections are not errors"
like "$(cat "$T/err")" "unk.ini:2: \[tmdb\] surprise: unknown key" "but warned about"

$demo -vv -c "$CONF" x > /dev/null 2> "$T/err"
like "$(cat "$T/err")" "debug: config: $CONF" "-vv shows debug messages"

# The database: created where [database] path says, refused when newer.
$demo --db -c "$CONF" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 0 "--db opens the database"
ok $([ -f "$T/mr.db" ]; echo $?) "at [database] path"
if command -v sqlite3 > /dev/null; then
	sqlite3 "$T/mr.db" 'PRAGMA user_version = 9999;'
	$demo --db -c "$CONF" x > /dev/null 2> "$T/err"; rc=$?
	is "$rc" 5 "a database newer than the tool exits 5"
	like "$(cat "$T/err")" "^mr-tool-demo: database: " "and says so"
else
	skip "no sqlite3 command"
	skip "no sqlite3 command"
fi
MR_DATABASE_PATH='~/sub/dir/env.db' $demo --db -c "$CONF" x > /dev/null 2>&1
ok $([ -f "$HOME/sub/dir/env.db" ]; echo $?) "MR_DATABASE_PATH with ~/ is honoured"

# A 300-byte token survives the ini parser (Debian's inih stops at 200).
tok=$(head -c 300 /dev/zero | tr '\0' t)
printf '[tmdb]\nread_access_token = %s\n[http]\ntimeout = abc\n' "$tok" > "$T/long.ini"
chmod 600 "$T/long.ini"
$demo -c "$T/long.ini" x > /dev/null 2> "$T/err"; rc=$?
is "$rc" 3 "after a 300-byte line the file is still parsed"
like "$(cat "$T/err")" "long.ini:4: \[http\] timeout" "with the right line number"

done_testing
