#!/bin/sh
# contrib/completion/media-route.bash: it parses (bash -n), completes
# options, option values and request ids from the database named by the
# config; make install puts it where bash-completion finds it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pipeline-lib.sh"

comp=$MR_TOP/contrib/completion/media-route.bash
if ! command -v bash > /dev/null 2>&1; then
	skip "bash not installed"
	done_testing
	exit 0
fi
bash -n "$comp"
ok $? "bash -n"

# complete WORDS...: what the completion offers for the last word.
complete_words() {
	bash -c '
	    . "$1"; shift
	    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
	    _media_route
	    [ ${#COMPREPLY[@]} -gt 0 ] &&
	    printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
	    sh "$comp" "$@"
}

is "$(complete_words mr-classify --ty)" "--type " "an option"
is "$(complete_words mr-process --pro)" "--progress " "a tool's own option"
like "$(complete_words mr-reclassify -)" '--review .*--service' \
    "mr-reclassify's options"
is "$(complete_words mr-classify --type m)" "movie music " "--type values"
is "$(complete_words mr-request -s "")" "lidarr radarr sonarr " \
    "--service values"
is "$(complete_words mr-request --status N)" "NeedsReview NoMatch " \
    "--status values"
is "$(complete_words mr-report -f "")" "csv json text " "--format values"

# Request ids from the database of the config given with -c.
write_config
for t in One Two Three; do
	cls "$t" movie radarr 1 tmdb 0.3
done | mr-request -c "$CONF" > /dev/null
db "UPDATE requests SET status = 'Cancelled' WHERE id = 3"
is "$(complete_words mr-reclassify -c "$CONF" "")" "1 2 " \
    "mr-reclassify: request ids (not cancelled) from -c's database"
is "$(MEDIA_ROUTE_CONFIG=$CONF complete_words mr-request --show "")" \
    "1 2 3 " "--show: ids from \$MEDIA_ROUTE_CONFIG's database"
is "$(MR_DATABASE_PATH=$T/none.db complete_words mr-reclassify -c "$CONF" "")" \
    "" "MR_DATABASE_PATH wins (no such database: nothing)"

# zsh: the completion function offers --type's values (through zpty).
if command -v zsh > /dev/null 2>&1 && zsh -fc 'zmodload zsh/zpty' 2>/dev/null
then
	zsh -n "$MR_TOP/contrib/completion/_media-route"
	ok $? "zsh -n"
	mkdir "$T/zc"
	cp "$MR_TOP/contrib/completion/_media-route" "$T/zc/"
	ZC=$T/zc ZOUT=$T/zout zsh -f -c '
	    zmodload zsh/zpty
	    zpty z zsh -f -i
	    zpty -w z "PS1=; fpath=($ZC \$fpath); autoload -Uz compinit"
	    zpty -w z "compinit -u -D; exec 2>$ZOUT.tmp"
	    zpty -w z "compadd() { builtin compadd -O h \"\$@\";"\
"print -r -- \"hits: \$h\" >&2; builtin compadd \"\$@\"; }"
	    zpty -w z "mr-classify --type "$'"'\t'"'
	    for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -q hits "$ZOUT.tmp" 2>/dev/null && break
		sleep 0.5
	    done
	    zpty -d z
	    grep hits "$ZOUT.tmp" > "$ZOUT"' > /dev/null 2>&1
	like "$(cat "$T/zout" 2>/dev/null)" 'hits: movie tv music' \
	    "zsh: --type values"
else
	skip "zsh -n: no zsh"
	skip "zsh: no zsh"
fi

top=$MR_TOP
# submake TARGET VAR=...: a make of the tree that leaves the build alone
# (its own flags stamp: the outer build may use other flags).
submake() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$top" \
	    FLAGS_STAMP="$T/flags-stamp" "$@"
}
submake install-completion \
    DESTDIR="$T/dest" PREFIX=/usr BASHCOMPDIR=/bc ZSHCOMPDIR=/zc \
    > "$T/make" 2>&1
ok $? "make install-completion (part of make install)"
ok "$(cmp -s "$comp" "$T/dest/bc/mr-classify"; echo $?)" \
    "installed for bash-completion"
ok "$([ -e "$T/dest/bc/mr-reclassify" ]; echo $?)" \
    "found by each tool's name"
ok "$([ -f "$T/dest/zc/_media-route" ]; echo $?)" "zsh completion installed"

done_testing
