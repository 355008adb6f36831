#!/bin/sh
# Input and output: stdin lines (text and JSON) in input order, error
# records pass through, exit codes of DESIGN.md 3.1.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/classify-lib.sh"
fake_start "$SVCS"
cconf tmdb spotify musicbrainz
printf '%s\n' 'Dexter' '{"query":"Interstellar"}' '' '{"title":"Dune (2021)"}' \
    '{"query":"x","error":{"code":"tmdb.http","status":503,"message":"m"}}' \
    'Breaking Bad' '{"nothing":1}' 'Nirvana' > "$T/in"
mr-classify -c "$CONF" -j 3 < "$T/in" > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 1 "a failed record makes exit 1"
is "$(jq -r '.query // "-"' < "$T/o" | tr '\n' '|')" "Dexter|Interstellar|Dune (2021)|x|Breaking Bad|-|Nirvana|" \
    "one record per input line, in input order"
is "$(sed -n 4p "$T/o")" '{"query":"x","error":{"code":"tmdb.http","status":503,"message":"m"}}' \
    "an error record passes through untouched"
is "$(sed -n 6p "$T/o" | jq -r .error.code)" "input.no_title" "a JSON line without a title is an error record"
like "$(cat "$T/e")" '<stdin>:7' "the bad line is named on stderr"
is "$(sed -n 3p "$T/o" | jq -r .best.external_id)" 438631 "JSON title field used"

# -j 1 reads 8 records per batch: 11 inputs make two batches.
printf '%s\n' Dexter Interstellar "Fight Club" "Dune 1984" Nirvana Queen \
    "Breaking Bad" "Game of Thrones" "The Matrix" Muse "Shutter Island" > "$T/in2"
mr-classify -c "$CONF" -j 1 < "$T/in2" > "$T/o"; rc=$?
is "$(jq -r .query < "$T/o" | tr '\n' '|')" "$(tr '\n' '|' < "$T/in2")" \
    "several batches: input order kept"

mr-classify -c "$CONF" Dexter Interstellar > "$T/o"; rc=$?
is "$rc" 0 "all answered: exit 0"
echo Dexter | mr-classify -c "$CONF" - > "$T/o"; rc=$?
is "$rc:$(jget "$T/o" .best.external_id)" "0:79349" "'-' reads stdin"

mr-classify -c "$CONF" Dexter > /dev/full 2> "$T/e"; rc=$?
is "$rc" 5 "> /dev/full: exit 5"
mr-classify -c "$CONF" --bogus Dexter > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 2 "a bad option: exit 2"
like "$(cat "$T/e")" "usage: mr-classify" "a bad option prints the usage"
mr-classify -c "$CONF" -t book Dexter > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 2 "a bad -t: exit 2"
mr-classify -c "$T/missing.ini" Dexter > "$T/o" 2> "$T/e"; rc=$?
is "$rc" 3 "a missing config file: exit 3"
mr-classify -h > "$T/o"; rc=$?
is "$rc:$(head -c 18 "$T/o")" "0:usage: mr-classify" "--help: usage on stdout, exit 0"
done_testing
