#!/bin/sh
# bench/file/run.sh - the time and peak memory of submitting a city's filings
# (20,000 generated forms by default) in one batch, one transaction.
#
#   bench/file/run.sh [N]      (from the top of the tree, after building)
#
# It generates a city-sized jurisdiction (10 districts x 10 streets x 10
# communities) and N filing forms with valid ID numbers and names that follow
# the naming rules, then times, each with /usr/bin/time -v:
#   parse+check   sso-name over the forms (read, parse, check names only)
#   submit        sso-file submit of all N in one batch (parse, check every
#                 rule, write orgs, applications, 3 archived documents each,
#                 the hash-chained events; one transaction, synchronous=FULL)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-20000}
bin=$top/build/cmd
gen=$top/build/tests/sso-gen
data=$top/bench/data/file
mkdir -p "$data"
cd "$data"
rm -f sso.db sso.db-wal sso.db-shm
"$gen" config 10 10 10 >city.yaml
[ -f "forms-$n.yaml" ] || "$gen" forms "$n" --jurisdiction 10,10,10 --seed 1 >"forms-$n.yaml"
export SSO_TODAY=2026-04-01 SSO_CONFIG="$data/city.yaml"

measure() { # measure LABEL CMD...
	label=$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>time.txt || { cat time.txt; exit 1; }
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' time.txt)
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' time.txt)
	printf '%-12s %10s s %10.1f MB\n' "$label" "$(echo "$wall" | awk -F: '{ print ($1 * 60 + $2) }')" "$(echo "$rss" | awk '{ print $1 / 1024 }')"
}

echo "forms: $n ($(du -h "forms-$n.yaml" | cut -f1) of YAML), $(nproc) cores, $(uname -r)"
printf '%-12s %12s %13s\n' step wall "peak RSS"
measure parse+check "$bin/sso-name" "forms-$n.yaml"
measure submit "$bin/sso-file" submit --as sponsor:bench --db sso.db "forms-$n.yaml"
echo "store: $(du -h sso.db | cut -f1); $(sqlite3 sso.db 'select count(*) from orgs') organizations, $(sqlite3 sso.db 'select count(*) from events') events"
