#!/bin/sh
# comments.sh - every public function of lib/include/sso/*.h has a comment
# (above it, or above the group of declarations it stands in), and every
# static function of lib/ longer than 25 lines has one above its definition.
#
#   sh tests/lint/comments.sh [SRC]    SRC: the top of the tree (default $SSO_SRC)
set -eu
src=${1:-${SSO_SRC:?give the source tree}}
cd "$src/lib"
status=0

# Headers: a declaration starts at column 0 with a type and has "sso_x(";
# the line before it (or before the run of declarations and blank-free
# continuation lines it belongs to) ends a comment.
for h in include/sso/*.h; do
	awk -v file="$h" '
	function is_decl(l) { return l ~ /^[a-z].*[ *]sso_[a-z0-9_]+\(/ && l !~ /^typedef/ }
	{
		line[NR] = $0
	}
	END {
		for (i = 1; i <= NR; i++) {
			if (!is_decl(line[i]))
				continue
			j = i - 1
			# walk up over the declarations (and their continuation lines) of the group
			while (j > 0 && line[j] != "" && line[j] !~ /\*\/[ \t]*$/)
				j--
			if (j == 0 || line[j] !~ /\*\/[ \t]*$/) {
				n = line[i]; sub(/\(.*/, "", n); sub(/.*[ *]/, "", n)
				printf "comments: %s:%d: %s has no comment\n", file, i, n
				bad = 1
			}
		}
		exit bad
	}' "$h" || status=1
done

# Static definitions (public ones have their comment in the header): "static T name(", the body from "{" to "}" at
# column 0; more than 25 lines needs a comment ending on the line above.
for f in */*.c; do
	awk -v file="$f" '
	{ line[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++) {
			if (line[i] !~ /^static [a-z0-9_ *]*[ *][a-z_][a-z0-9_]*\(/ || line[i] ~ /;[ \t]*$/)
				continue
			start = i
			# a prototype (its last line ends in ";") is no definition
			while (i <= NR && line[i] != "{" && line[i] !~ /;[ \t]*$/)
				i++
			if (i <= NR && line[i] != "{")
				continue
			if (i > NR)
				break
			open = i
			while (i <= NR && line[i] != "}")
				i++
			if (i - open - 1 <= 25)
				continue
			if (line[start - 1] !~ /\*\/[ \t]*$/) {
				n = line[start]; sub(/\(.*/, "", n); sub(/.*[ *]/, "", n)
				printf "comments: %s:%d: %s is %d lines long and has no comment\n", file, start, n, i - open - 1
				bad = 1
			}
		}
		exit bad
	}' "$f" || status=1
done
[ "$status" -eq 0 ] && echo "comments: every public function and every long function has its comment"
exit "$status"
