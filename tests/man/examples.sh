#!/bin/sh
# examples.sh - run the EXAMPLES of every man page, as a user would type them.
#
# In a page's EXAMPLES section, inside .Bd -literal blocks:
#   $ command            a command, run in a scratch directory holding a copy
#                        of examples/, with SSO_DB there and SSO_TODAY=2026-04-01;
#                        it must exit 0, or N if the line ends with "# exit N"
#   other lines          output the command above shows: each must appear in
#                        what it really printed (stdout and stderr)
# The commands of one page run in order in one directory, so a page can walk
# through a whole story.
set -u
: "${SSO_BIN:?}" "${SSO_SRC:?}"
PATH="$SSO_BIN:$SSO_BIN/../tests:$PATH"
[ -n "${SSO_WRAP_BIN:-}" ] && PATH="$SSO_WRAP_BIN:$PATH"
export PATH
failed=0
checked=0

unescape() {
	sed -e 's/\\e/\\/g' -e 's/\\&//g' -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\(dq/"/g'
}

for page in "$SSO_SRC"/man/*.[1-8]; do
	[ -f "$page" ] || continue
	work=$(mktemp -d /tmp/sso-man-XXXXXX)
	cp -R "$SSO_SRC"/examples/. "$work"/
	awk '
		/^\.Sh / { in_ex = ($2 == "EXAMPLES") }
		in_ex && /^\.Bd -literal/ { lit = 1; next }
		in_ex && /^\.Ed/ { lit = 0; next }
		in_ex && lit { print }
	' "$page" | unescape >"$work/.script"
	(
		cd "$work" || exit 1
		export SSO_DB="$work/sso.db" SSO_TODAY=2026-04-01
		unset SSO_CONFIG SSO_ACTOR
		cmd=""
		want=0
		: >.expect
		run_one() {
			[ -n "$cmd" ] || return 0
			sh -c "$cmd" >.out 2>&1
			got=$?
			if [ "$got" != "$want" ]; then
				echo "FAIL $(basename "$page"): '$cmd' exited $got, want $want"
				sed 's/^/    /' .out | head -20
				return 1
			fi
			while IFS= read -r shown; do
				[ -n "$shown" ] || continue
				if ! grep -qF -- "$shown" .out; then
					echo "FAIL $(basename "$page"): '$cmd' does not print: $shown"
					sed 's/^/    /' .out | head -20
					return 1
				fi
			done <.expect
			return 0
		}
		status=0
		n=0
		while IFS= read -r line; do
			case "$line" in
			'$ '*)
				run_one || status=1
				cmd=${line#\$ }
				case "$cmd" in
				*'# exit '*) want=${cmd##*# exit }; cmd=${cmd%%# exit*} ;;
				*) want=0 ;;
				esac
				n=$((n + 1))
				: >.expect
				;;
			*) printf '%s\n' "$line" >>.expect ;;
			esac
		done <.script
		run_one || status=1
		echo "$(basename "$page"): $n example commands"
		exit $status
	) || failed=1
	rm -rf "$work"
	checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || { echo "no man pages found"; exit 1; }
exit $failed
