#!/bin/sh
# contrib/systemd: make install-systemd installs mr-process.service and
# .timer with the install's BINDIR; systemd-analyze verify accepts them
# (skipped when it is not installed); the timer runs every 5 minutes,
# persistent, with a randomised delay.
. "$(dirname "$0")/lib.sh"

top=$MR_TOP
# submake TARGET VAR=...: a make of the tree that leaves the build alone
# (its own flags stamp: the outer build may use other flags).
submake() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$top" \
	    FLAGS_STAMP="$T/flags-stamp" "$@"
}
submake install-systemd \
    DESTDIR="$T/dest" SYSTEMDDIR=/units BINDIR="$top/cmd" > "$T/make" 2>&1
ok $? "make install-systemd"
svc=$T/dest/units/mr-process.service
tmr=$T/dest/units/mr-process.timer
ok "$([ -f "$svc" ] && [ -f "$tmr" ]; echo $?)" "both units installed"
like "$(grep '^ExecStart=' "$svc")" "^ExecStart=$top/cmd/mr-process -q\$" \
    "ExecStart names the installed mr-process"
unlike "$(cat "$svc")" '@BINDIR@' "no placeholder left"
like "$(grep '^OnCalendar=' "$tmr")" '^OnCalendar=\*:0/5$' "every 5 minutes"
like "$(grep '^Persistent=' "$tmr")" '^Persistent=true$' "Persistent=true"
like "$(grep '^RandomizedDelaySec=' "$tmr")" '^RandomizedDelaySec=[1-9]' \
    "a randomised delay"
like "$(grep '^Type=' "$svc")" '^Type=oneshot$' "a oneshot service"
like "$(grep '^SuccessExitStatus=' "$svc")" '=1$' \
    "exit 1 (some requests failed) is not a failed unit"

if command -v systemd-analyze > /dev/null 2>&1; then
	(cd "$T/dest/units" && systemd-analyze verify --man=no \
	    ./mr-process.service ./mr-process.timer) > "$T/verify" 2>&1
	ok $? "systemd-analyze verify: exit 0"
	is "$(cat "$T/verify")" "" "systemd-analyze verify: no warnings"
else
	skip "systemd-analyze not installed"
	skip "systemd-analyze not installed"
fi

submake uninstall-systemd \
    DESTDIR="$T/dest" SYSTEMDDIR=/units > /dev/null 2>&1
ok "$([ ! -e "$svc" ] && [ ! -e "$tmr" ]; echo $?)" "uninstall-systemd"

done_testing
