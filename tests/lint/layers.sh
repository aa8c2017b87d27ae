#!/bin/sh
# layers.sh - lib/ is in layers (base, formats, rules, store, work): a file
# may include only headers of its own layer and the layers before it. The
# build enforces calls (sso_core links without SQLite); this enforces the
# types and declarations a file sees, including the public headers'.
#
#   sh tests/lint/layers.sh [SRC]      SRC: the top of the tree (default $SSO_SRC)
#   sh tests/lint/layers.sh --self-test [SRC]
#                                      and show that it catches a base module
#                                      that includes a header of work/
set -eu
if [ "${1:-}" = --self-test ]; then
	src=${2:-${SSO_SRC:?give the source tree}}
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cp -R "$src/lib" "$tmp/lib"
	sh "$0" "$tmp" >/dev/null || { echo "layers: the tree itself breaks the layers" >&2; exit 1; }
	sed -i '1a #include "sso/ledger.h"' "$tmp/lib/base/date.c"
	if out=$(sh "$0" "$tmp" 2>&1); then
		echo "layers: a base module that includes sso/ledger.h was not caught" >&2
		exit 1
	fi
	case $out in
	*"base/date.c (base) includes sso/ledger.h (work)"*) echo "layers: self-test caught it" ;;
	*) echo "layers: wrong message: $out" >&2; exit 1 ;;
	esac
	exit 0
fi
src=${1:-${SSO_SRC:?give the source tree}}
cd "$src/lib"

# the layer of a public header (lib/include/sso/NAME.h), by its name
header_layer() {
	case $1 in
	error | date | id) echo base ;;
	input | csv | ydoc | out | actrow) echo formats ;;
	config | valid | role | name | form | rubric | states | vote) echo rules ;;
	store | event | archive) echo store ;;
	lifecycle | org | activity | ledger | score | score_out) echo work ;;
	sso) echo all ;;
	*) echo unknown ;;
	esac
}

rank() {
	case $1 in
	base) echo 1 ;; formats) echo 2 ;; rules) echo 3 ;; store) echo 4 ;; work) echo 5 ;;
	all) echo 9 ;; system) echo 0 ;;
	*) echo 99 ;;
	esac
}

# the layer of what an #include names: sso/x.h, base/x.h, store/x_impl.h, ...
included_layer() {
	case $1 in
	sso/*.h) n=${1#sso/}; header_layer "${n%.h}" ;;
	base/* | formats/* | rules/* | store/* | work/*) echo "${1%%/*}" ;;
	*) echo system ;;
	esac
}

bad=0
check() { # check FILE LAYER
	# version.c defines sso_version(), which the umbrella header declares
	[ "$1" = base/version.c ] && return 0
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$1"); do
		l=$(included_layer "$inc")
		if [ "$(rank "$l")" -gt "$(rank "$2")" ]; then
			echo "layers: $1 ($2) includes $inc ($l): a layer may use only itself and those before it" >&2
			bad=1
		fi
	done
}

n=0
for layer in base formats rules store work; do
	[ -d "$layer" ] || { echo "layers: lib/$layer is missing" >&2; exit 1; }
	for f in "$layer"/*.c "$layer"/*.h; do
		[ -e "$f" ] || continue
		check "$f" "$layer"
		n=$((n + 1))
	done
done
for h in include/sso/*.h; do
	name=$(basename "$h" .h)
	if [ "$(header_layer "$name")" = unknown ]; then
		echo "layers: $h is in no layer: name it in header_layer() of $0" >&2
		bad=1
		continue
	fi
	check "$h" "$(header_layer "$name")"
	n=$((n + 1))
done
# no source file outside the layers
stray=$(find . -maxdepth 1 -name '*.c' | head -1)
[ -z "$stray" ] || { echo "layers: $stray is in no layer" >&2; bad=1; }
[ "$bad" -eq 0 ] || exit 1
echo "layers: $n files keep to their layers"
