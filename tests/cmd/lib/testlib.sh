# testlib.sh - what every command test sources: a scratch directory, the
# executables on PATH, and checks on exit status, output and the store.
#
#   run WANT_EXIT CMD ARGS...   run CMD (stdin from $STDIN or /dev/null)
#   out_has TEXT / out_lacks TEXT / out_is TEXT / out_lines N
#   err_has TEXT / err_is_empty
#   snapshot; ...; unchanged    the store is byte-for-byte the same (.dump)
#   to_certificate APP DAY [RUN...]
#                               APP reviewed, approved, published and, on DAY,
#                               certified, each step run by RUN (run 0)
#   promote_form                a filing that promotes examples/group.yaml
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

# APP reviewed (committee:刘主任), approved and published (street:李明), then
# certified on DAY, which SSO_TODAY stays; each step is run by RUN ARGS...
# (default run 0), so that the caller checks each step as it checks others.
to_certificate() {
	_app=$1
	_day=$2
	shift 2
	[ $# -gt 0 ] || set -- run 0
	"$@" sso-file review "$_app" --pass --as committee:刘主任
	"$@" sso-file approve "$_app" --as street:李明
	"$@" sso-file publish "$_app" --as street:李明
	export SSO_TODAY="$_day"
	"$@" sso-file certify "$_app" --as street:李明
}

# On stdout: the filing form that promotes the activity group of
# examples/group.yaml (马场道社区晨练队) to a filed organization.
promote_form() {
	cat <<'YAML'
kind: filing
name: 天津市和平区五大道街道马场道社区晨练队
form: social_group
sponsor: {unit: 马场道社区居民委员会}
charter: 第一条 本队由社区居民自愿组成，开展晨练活动。
YAML
}

finish() {
	printf '%s: %d checks, %d failed\n' "$(basename "$0")" "$COUNT" "$FAILED"
	[ "$FAILED" -eq 0 ]
}
