#!/bin/sh
# Run the Check unit tests; with VALGRIND=1 under valgrind (no fork mode).
set -u
fail=0
for t in "$@"; do
	if [ "${VALGRIND:-0}" = 1 ]; then
		CK_FORK=no valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite "./$t" || fail=1
	else
		"./$t" || fail=1
	fi
done
exit $fail
