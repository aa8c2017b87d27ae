#!/bin/sh
# run.sh - sso-ledger against the sqlite3 CLI on the same generated store,
# side by side in one run (see README.md):
#   import   sso-ledger activities import   vs  sqlite3 .import into a table
#            of the same columns with a unique key, on a copy of the same store
#   export   sso-ledger export --period 2026H1  vs  sqlite3 -csv of export.sql
#   check    sso-ledger check, check --deep
#   verify   sso-ledger verify (the whole log replayed, every table compared
#            with it), verify --head of an event in the middle of the log
#   as of    export --period 2026H1 --as-of today, and the closed period
#            (today 2027-01-10: the records as they stood at its end)
# Each timing is the best of REPEAT runs (import: of 1, it is minutes long
# unless REPEAT_IMPORT says otherwise); peak memory from /usr/bin/time.
set -eu
ORGS=${ORGS:-200000}
ACTS=${ACTS:-10000000}
REPEAT=${REPEAT:-3}
REPEAT_IMPORT=${REPEAT_IMPORT:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
DATA=${DATA:-$ROOT/bench/data/ledger}
BIN=$BUILD/cmd

sh "$HERE/data.sh"
cd "$DATA"
export SSO_CONFIG="$DATA/sso.yaml" SSO_TODAY=2026-07-15 SSO_ACTOR=hub:bench
CSV="$DATA/activities-$ACTS.csv"
ROWS=$ACTS

# best of N: run "$@" N times, print "seconds peak_kib" of the fastest
best() {
	n=$1
	shift
	b=""
	i=0
	while [ $i -lt "$n" ]; do
		[ -z "${SETUP:-}" ] || sh -c "$SETUP"
		/usr/bin/time -f '%e %M' -o time.out "$@" >out.tmp 2>err.tmp || {
			echo "bench: $* failed:" >&2
			cat err.tmp >&2
			exit 1
		}
		t=$(cat time.out)
		if [ -z "$b" ] || [ "$(echo "$t $b" | awk '{ print ($1 < $3) }')" = 1 ]; then b=$t; fi
		i=$((i + 1))
	done
	echo "$b"
}

fresh() { # a copy of the organizations' store, without activities
	rm -f "$1" "$1-wal" "$1-shm"
	cp "orgs-$ORGS.db" "$1"
}

echo "sso-ledger benchmark: $ORGS organizations, $ROWS activities, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "store: $(du -h "orgs-$ORGS.db" | cut -f1), $(sqlite3 "orgs-$ORGS.db" "SELECT count(*) FROM documents") documents, $(sqlite3 "orgs-$ORGS.db" "SELECT count(*) FROM events") events, events.rows $(sqlite3 "orgs-$ORGS.db" "SELECT coalesce(sum(length(rows)), 0) / 1048576 FROM events") MiB"
echo

# --- import
cat >import.sql <<EOF
CREATE TABLE bench_activities (activity_id TEXT NOT NULL UNIQUE, org_id TEXT, date TEXT,
  participants INTEGER, kind TEXT, title TEXT, volunteer_hours REAL);
.mode csv
.import --skip 1 $CSV bench_activities
EOF
SETUP="rm -f cmp.db cmp.db-wal cmp.db-shm; cp orgs-$ORGS.db cmp.db"
imp_sqlite=$(best "$REPEAT_IMPORT" sqlite3 cmp.db ".read import.sql")
SETUP="rm -f work.db work.db-wal work.db-shm; cp orgs-$ORGS.db work.db"
imp_sso=$(best "$REPEAT_IMPORT" "$BIN/sso-ledger" activities import --db work.db "$CSV")
SETUP=""
rm -f cmp.db cmp.db-wal cmp.db-shm
# the store after the import, kept for the rest
[ -f work.db ] || { echo "bench: no store after the import" >&2; exit 1; }

# --- export
exp_sso=$(best "$REPEAT" "$BIN/sso-ledger" export --db work.db --period 2026H1)
cp out.tmp export.sso.csv
exp_sqlite=$(best "$REPEAT" sqlite3 -csv -header work.db ".read $HERE/export.sql")
cp out.tmp export.sqlite.csv
# the same rows: compare all but the place names, which only the configuration knows
same_rows() {
	python3 - "$1" "$2" <<'EOF'
import csv, sys
# district_name, street_name, community_name: the 24th to 26th columns
a = [r[:23] + r[26:] for r in csv.reader(open(sys.argv[1], encoding='utf-8'))]
b = [r[:23] + r[26:] for r in csv.reader(open(sys.argv[2], encoding='utf-8'))]
print("identical" if a == b else "DIFFERENT (%d vs %d rows)" % (len(a), len(b)))
EOF
}
same=$(same_rows export.sso.csv export.sqlite.csv)

# --- export as of a day: today (the records as they are), and the closed
# period printed half a year later (as of its end, from the log)
asof=$(best "$REPEAT" "$BIN/sso-ledger" export --db work.db --period 2026H1 --as-of "$SSO_TODAY")
cp out.tmp export.asof.csv
closed=$(best "$REPEAT" env SSO_TODAY=2027-01-10 "$BIN/sso-ledger" export --db work.db --period 2026H1)
cp out.tmp export.closed.csv
cmp -s export.sso.csv export.closed.csv && same_closed=identical || same_closed=DIFFERENT
# export.sql reads the tables as they are: the same rows as --as-of today
same_asof=$(same_rows export.asof.csv export.sqlite.csv)

# --- verify: the whole log replayed; and a head kept from the middle of it
ver=$(best "$REPEAT" "$BIN/sso-ledger" verify --db work.db)
nevents=$(sqlite3 work.db "SELECT count(*) FROM events")
mid=$(sqlite3 work.db "SELECT seq || ':' || hash FROM events WHERE seq = (SELECT max(seq) / 2 FROM events)")
head=$(best "$REPEAT" "$BIN/sso-ledger" verify --db work.db --head "$mid")

# --- check
chk=$(best "$REPEAT" sh -c "'$BIN/sso-ledger' check --db work.db; [ \$? -le 1 ]")
findings=$(($(wc -l <out.tmp) - 1))
deep=$(best 1 sh -c "'$BIN/sso-ledger' check --db work.db --deep; [ \$? -le 1 ]")

# A measurement is "seconds peak_kib", as best prints it.
secs() { echo "${1%% *}"; }
ratio() { echo "$(secs "$1") $(secs "$2")" | awk '{ printf "%.2f", $1 / $2 }'; }
rate() { secs "$1" | awk -v n="$ROWS" '{ printf "%.0f", n / $1 }'; }
# row WHAT MEASUREMENT [ROWS_PER_S]: one line of the table
row() { printf '%-58s %9s %11s %10s\n' "$1" "$(secs "$2")" "${3:-}" "$((${2##* } / 1024))"; }

printf '%-58s %9s %11s %10s\n' "what" "seconds" "rows/s" "peak MiB"
row "sso-ledger activities import (checks every row)" "$imp_sso" "$(rate "$imp_sso")"
row "sqlite3 .import, table with a unique key" "$imp_sqlite" "$(rate "$imp_sqlite")"
printf '%-58s %9s\n' "  import: sso-ledger / sqlite3" "$(ratio "$imp_sso" "$imp_sqlite")"
row "sso-ledger export --period 2026H1 ($ORGS orgs)" "$exp_sso"
row "sqlite3 -csv, export.sql" "$exp_sqlite"
printf '%-58s %9s   (%s)\n' "  export: sso-ledger / sqlite3" "$(ratio "$exp_sso" "$exp_sqlite")" "output $same"
row "sso-ledger export --period 2026H1 --as-of $SSO_TODAY" "$asof"
printf '%-58s %9s   (%s)\n' "  --as-of: sso-ledger / sqlite3" "$(ratio "$asof" "$exp_sqlite")" "output $same_asof"
row "sso-ledger export --period 2026H1 on 2027-01-10 (closed)" "$closed"
printf '%-58s %9s   (%s)\n' "  on 2027-01-10 / on $SSO_TODAY" "$(ratio "$closed" "$exp_sso")" "output $same_closed"
row "sso-ledger check ($findings findings)" "$chk"
row "sso-ledger check --deep" "$deep"
row "sso-ledger verify ($nevents events replayed)" "$ver"
row "sso-ledger verify --head ${mid%%:*}:..." "$head"
echo "store after the import: $(du -h work.db | cut -f1), events.rows $(sqlite3 work.db "SELECT coalesce(sum(length(rows)), 0) / 1048576 FROM events") MiB"
