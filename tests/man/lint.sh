#!/bin/sh
# lint.sh - every man page is clean under mandoc -Tlint (warnings count)
set -u
dir=$1
status=0
for page in "$dir"/*.[1-8]; do
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	if [ -n "$out" ]; then
		printf '%s\n' "$out"
		status=1
	fi
done
exit $status
