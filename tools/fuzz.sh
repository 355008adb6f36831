#!/bin/sh
# fuzz.sh: run the libFuzzer targets built by `make fuzz-build`.
#
#   fuzz.sh usable CC          exit 0 when CC links a libFuzzer program
#   fuzz.sh smoke BIN...       replay tests/fuzz/corpus/<target>/* once
#   fuzz.sh run BIN...         fuzz each for $FUZZ_SECONDS (default 60);
#                              new inputs go to tests/fuzz/build/corpus/,
#                              crashes to tests/fuzz/build/crash-*
set -u
cmd=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
corpus=$top/tests/fuzz/corpus
work=$top/tests/fuzz/build

case $cmd in
usable)
	d=$(mktemp -d "${TMPDIR:-/tmp}/mr-fuzzcc.XXXXXX") || exit 1
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
	    '{ (void)d; (void)n; return 0; }' > "$d/t.c"
	"$1" -fsanitize=fuzzer,address,undefined -o "$d/t" "$d/t.c" \
	    >/dev/null 2>&1
	rc=$?
	rm -rf "$d"
	exit $rc
	;;
smoke)
	fail=0
	for bin in "$@"; do
		name=$(basename "$bin" | sed 's/^fuzz_//')
		files=$(find "$corpus/$name" -type f 2>/dev/null | sort)
		if [ -z "$files" ]; then
			echo "fuzz-smoke: $name: no corpus in $corpus/$name" >&2
			fail=1
			continue
		fi
		# One run per file; any crash or sanitizer report fails.
		if ! "$bin" -runs=1 $files > "$work/smoke-$name.log" 2>&1
		then
			echo "fuzz-smoke: $name: FAILED" >&2
			tail -n 30 "$work/smoke-$name.log" >&2
			fail=1
		else
			echo "fuzz-smoke: $name: $(echo "$files" | wc -l) inputs ok"
		fi
	done
	exit $fail
	;;
run)
	secs=${FUZZ_SECONDS:-60}
	fail=0
	for bin in "$@"; do
		name=$(basename "$bin" | sed 's/^fuzz_//')
		mkdir -p "$work/corpus/$name"
		echo "fuzz: $name for ${secs}s"
		if ! "$bin" -max_total_time="$secs" -max_len=65536 \
		    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix="$work/crash-$name-" \
		    "$work/corpus/$name" "$corpus/$name" \
		    > "$work/fuzz-$name.log" 2>&1; then
			echo "fuzz: $name: FAILED (see $work/fuzz-$name.log)" >&2
			tail -n 40 "$work/fuzz-$name.log" >&2
			fail=1
		else
			grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' \
			    "$work/fuzz-$name.log" | tail -n 2
		fi
	done
	exit $fail
	;;
*)
	echo "usage: fuzz.sh usable CC | smoke BIN... | run BIN..." >&2
	exit 2
	;;
esac
