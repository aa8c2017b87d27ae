# testlib.sh - what every command test sources: a scratch directory, the
# executables on PATH, and checks on exit status, output and the store.
#
#   run WANT_EXIT CMD ARGS...   run CMD (stdin from $STDIN or /dev/null)
#   out_has TEXT / out_lacks TEXT / out_is TEXT / out_lines N
#   err_has TEXT / err_is_empty
#   snapshot; ...; unchanged    the store is byte-for-byte the same (.dump)
#   finish                      print the tally; exit 1 if anything failed
set -u
: "${SSO_BIN:?SSO_BIN names the directory with the built executables}"
: "${SSO_SRC:?SSO_SRC names the source tree}"
PATH="$SSO_BIN:$PATH"
# scripts/valgrind puts wrappers that run each tool under memcheck first
[ -n "${SSO_WRAP_BIN:-}" ] && PATH="$SSO_WRAP_BIN:$PATH"
export PATH
TMP=$(mktemp -d /tmp/sso-cmd-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
export SSO_DB="$TMP/sso.db" SSO_TODAY=2026-04-01
unset SSO_CONFIG SSO_ACTOR
EX="$SSO_SRC/examples"
FIX="$SSO_SRC/tests/cmd/fixtures"
COUNT=0
FAILED=0
CUR=""

fail() {
	FAILED=$((FAILED + 1))
	{
		printf 'FAIL: %s\n' "$*"
		printf -- '--- stdout:\n'; head -c 3000 "$TMP/out" 2>/dev/null
		printf -- '--- stderr:\n'; head -c 3000 "$TMP/err" 2>/dev/null
		printf -- '---\n'
	} >&2
}

run() {
	want=$1
	shift
	CUR="$*"
	COUNT=$((COUNT + 1))
	"$@" <"${STDIN:-/dev/null}" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ "$got" = "$want" ] || fail "$CUR: exit $got, want $want"
}

out_has() {
	COUNT=$((COUNT + 1))
	grep -qF -- "$1" "$TMP/out" || fail "$CUR: stdout lacks '$1'"
}

out_lacks() {
	COUNT=$((COUNT + 1))
	! grep -qF -- "$1" "$TMP/out" || fail "$CUR: stdout has '$1'"
}

out_is() {
	COUNT=$((COUNT + 1))
	printf '%s\n' "$1" | cmp -s - "$TMP/out" || fail "$CUR: stdout is not '$1'"
}

out_lines() {
	COUNT=$((COUNT + 1))
	n=$(wc -l <"$TMP/out")
	[ "$n" -eq "$1" ] || fail "$CUR: stdout has $n lines, want $1"
}

err_has() {
	COUNT=$((COUNT + 1))
	grep -qF -- "$1" "$TMP/err" || fail "$CUR: stderr lacks '$1'"
}

err_is_empty() {
	COUNT=$((COUNT + 1))
	[ ! -s "$TMP/err" ] || fail "$CUR: stderr is not empty"
}

store_hash() {
	if [ -f "$SSO_DB" ]; then
		sqlite3 "$SSO_DB" .dump | sha256sum
	else
		echo "no store"
	fi
}

snapshot() {
	SNAP=$(store_hash)
}

unchanged() {
	COUNT=$((COUNT + 1))
	[ "$(store_hash)" = "$SNAP" ] || fail "$CUR: the store changed"
}

# the value of column N (1-based) of line L of stdout, CSV without quotes
field() {
	sed -n "${1}p" "$TMP/out" | cut -d, -f"$2"
}

finish() {
	printf '%s: %d checks, %d failed\n' "$(basename "$0")" "$COUNT" "$FAILED"
	[ "$FAILED" -eq 0 ]
}
