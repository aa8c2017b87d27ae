#!/bin/sh
# run.sh - build the libFuzzer harnesses with clang and run each for a while.
#   tests/fuzz/run.sh [SECONDS]   (default 60 each; needs clang)
# Seed corpora are tests/fuzz/corpus/<harness>/; what a run finds new is kept
# in build-fuzz/corpus/, not in the tree. A crash stops the run with exit 1
# and leaves its input in build-fuzz/.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
command -v clang >/dev/null || { echo "fuzz: no clang, skipped" >&2; exit 0; }
build=$top/build-fuzz
cmake -S "$top" -B "$build" -DCMAKE_C_COMPILER=clang -DSSO_FUZZ=ON -DSSO_BUILD_TESTS=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
status=0
for harness in "$build"/tests/fuzz_*; do
	name=${harness##*/fuzz_}
	mkdir -p "$build/corpus/$name"
	cp -n "$top/tests/fuzz/corpus/$name"/* "$build/corpus/$name"/ 2>/dev/null || true
	(cd "$build" && "$harness" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
		-print_final_stats=1 "corpus/$name" >"fuzz-$name.log" 2>&1) || status=1
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz-$name.log")
	echo "fuzz $name: ${runs:-?} executions in ${seconds}s$( [ $status -eq 0 ] || echo ', FAILED: see build-fuzz/fuzz-'$name'.log')"
	[ $status -eq 0 ] || break
done
exit $status
