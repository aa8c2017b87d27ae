#!/bin/sh
# synopsis.sh - every command's synopsis, as its --help prints it, is the one
# of its man page's SYNOPSIS (rendered by mandoc), word for word; the options
# --help lists for the command are the ones its synopsis names; and every
# command of the man page is one the tool has, and the other way round.
. "$(dirname "$0")/lib/testlib.sh"

if ! command -v mandoc >/dev/null 2>&1; then
	echo "synopsis.sh: mandoc is needed to render the man pages"
	exit 1
fi

# the flags (--name) of a text, sorted, one per line
flags() {
	printf '%s\n' "$1" | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# the own options of the help in $TMP/out: the lines of its "options:" block
own_options() {
	awk '/^options:/ { p = 1; next } /^$/ { p = 0 } p' "$TMP/out" | flags "$(cat)"
}

# the common options of the help in $TMP/out
common_options() {
	awk '/^common options:/ { p = 1; next } /^$/ { p = 0 } p' "$TMP/out" | flags "$(cat)"
}

# check_one TOOL SYNOPSIS-FROM-THE-MAN-PAGE [COMMAND WORDS...]
check_one() {
	tool=$1
	man=$2
	shift 2
	run 0 "$tool" "$@" --help
	help=$(sed -n '1s/^usage: //p' "$TMP/out")
	COUNT=$((COUNT + 1))
	if [ "$help" != "$man" ]; then
		fail "$tool $*: --help and $tool(1) disagree:
  --help:   $help
  man page: $man"
	fi
	flags "$man" >"$TMP/manflags"
	flags "$help" >"$TMP/helpflags"
	COUNT=$((COUNT + 1))
	only=$(comm -23 "$TMP/helpflags" "$TMP/manflags" | tr '\n' ' ')
	[ -z "$only" ] || fail "$tool $*: flags in --help's synopsis, not in $tool(1): $only"
	COUNT=$((COUNT + 1))
	only=$(comm -13 "$TMP/helpflags" "$TMP/manflags" | tr '\n' ' ')
	[ -z "$only" ] || fail "$tool $*: flags in $tool(1)'s synopsis, not in --help: $only"
	# the options the command takes are the ones its synopsis names (or common)
	own_options >"$TMP/own"
	common_options >"$TMP/common"
	COUNT=$((COUNT + 1))
	only=$(comm -23 "$TMP/own" "$TMP/manflags" | tr '\n' ' ')
	[ -z "$only" ] || fail "$tool $*: options it takes that its synopsis lacks: $only"
	COUNT=$((COUNT + 1))
	only=$(sort -u "$TMP/own" "$TMP/common" | comm -13 - "$TMP/manflags" | tr '\n' ' ')
	[ -z "$only" ] || fail "$tool $*: options of its synopsis that it does not take: $only"
}

for tool in sso-file sso-ledger sso-score sso-name; do
	page="$SSO_SRC/man/$tool.1"
	# one line per synopsis entry, the words separated by single spaces
	mandoc -Tascii -O width=400 "$page" | col -b |
		awk '/^SYNOPSIS/ { p = 1; next } /^[A-Z]/ { p = 0 } p && NF { $1 = $1; print }' \
		>"$TMP/man.syn"
	COUNT=$((COUNT + 1))
	[ -s "$TMP/man.syn" ] || fail "$tool(1) has no SYNOPSIS"
	if [ "$tool" = sso-name ]; then
		check_one "$tool" "$(sed -n 1p "$TMP/man.syn")"
		continue
	fi
	# the commands --help lists: "  name [word]   summary"
	run 0 "$tool" --help
	awk '/^commands:/ { p = 1; next } /^$/ { p = 0 } p' "$TMP/out" |
		sed 's/^  //; s/   .*//' >"$TMP/commands"
	COUNT=$((COUNT + 1))
	[ -s "$TMP/commands" ] || fail "$tool --help lists no commands"
	: >"$TMP/matched"
	while IFS= read -r cmd; do
		entry=$(grep -E "^$tool $cmd( |\$)" "$TMP/man.syn")
		COUNT=$((COUNT + 1))
		if [ -z "$entry" ]; then
			fail "$tool $cmd: not in $tool(1)'s SYNOPSIS"
			continue
		fi
		printf '%s\n' "$entry" >>"$TMP/matched"
		# shellcheck disable=SC2086 # the command's words
		check_one "$tool" "$entry" $cmd
	done <"$TMP/commands"
	COUNT=$((COUNT + 1))
	sort "$TMP/man.syn" >"$TMP/man.sorted"
	extra=$(sort "$TMP/matched" | comm -23 "$TMP/man.sorted" -)
	[ -z "$extra" ] || fail "$tool(1) names commands $tool does not have: $extra"
done

# the check itself catches a flag in one but not the other
sed 's/^\.Op Fl -kind Ar kind$/.Op Fl -kind Ar kind\n.Op Fl -frobnicate/' \
	"$SSO_SRC/man/sso-ledger.1" >bad.1
mandoc -Tascii -O width=400 bad.1 | col -b |
	awk '/^SYNOPSIS/ { p = 1; next } /^[A-Z]/ { p = 0 } p && NF { $1 = $1; print }' >bad.syn
COUNT=$((COUNT + 1))
grep -q -- '--frobnicate' bad.syn || fail "the planted flag did not render"
FAILED_BEFORE=$FAILED
COUNT_BEFORE=$COUNT
check_one sso-ledger "$(grep "^sso-ledger list" bad.syn)" list 2>/dev/null
COUNT=$((COUNT_BEFORE + 1))
[ "$FAILED" -gt "$FAILED_BEFORE" ] && FAILED=$FAILED_BEFORE ||
	fail "a flag only in the man page was not caught"

finish
