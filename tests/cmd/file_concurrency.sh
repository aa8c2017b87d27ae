#!/bin/sh
# file_concurrency.sh - two sso-file submit processes writing to one store at
# once both succeed (the busy timeout), and nothing is lost.
. "$(dirname "$0")/lib/testlib.sh"
GEN="$SSO_BIN/../tests/sso-gen"

"$GEN" forms 1500 --seed 21 --start 1 >one.yaml
"$GEN" forms 1500 --seed 22 --start 100001 >two.yaml
run 0 sso-file submit --as sponsor:甲 "$EX/filing.yaml"   # the store exists

sso-file submit --as sponsor:甲 one.yaml >one.out 2>one.err &
a=$!
sso-file submit --as sponsor:乙 two.yaml >two.out 2>two.err &
b=$!
wait $a
ra=$?
wait $b
rb=$?
COUNT=$((COUNT + 1))
[ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] || fail "concurrent submits: exits $ra and $rb; $(cat one.err two.err)"
COUNT=$((COUNT + 1))
[ "$(wc -l <one.out)" -eq 1500 ] && [ "$(wc -l <two.out)" -eq 1500 ] || fail "each process printed its 1500 lines"
run 0 sso-file list
out_lines 3002
run 0 sso-file list --apps
out_lines 3002
# every application id once, none lost or doubled
COUNT=$((COUNT + 1))
[ "$(cat one.out two.out | cut -f1 | sort -u | wc -l)" -eq 3000 ] || fail "application ids are not unique"

# past the busy timeout: exit 75, a message that says to try again, no write
printf 'store: {busy_timeout_ms: 200}\n' >short.yaml
# the holder says when it holds the write lock and keeps it until released,
# so a slow machine cannot let the lock go before the submit tries
rm -f locked release
printf "BEGIN IMMEDIATE;\nINSERT INTO counters VALUES ('held', 1);\n.shell touch locked\n.shell i=0; while [ ! -f release ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done\nROLLBACK;\n" >lock.sql
sqlite3 "$SSO_DB" <lock.sql >/dev/null 2>&1 &
holder=$!
i=0
while [ ! -f locked ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -f locked ] || fail "the lock holder never took the lock"
snapshot
run 75 sso-file submit --config short.yaml --as sponsor:丙 "$EX/service-org.yaml"
err_has "the store is busy"
err_has "try again"
touch release
wait $holder
unchanged

finish
