#!/bin/sh
# concurrency.sh - four processes write to one store at once (submissions,
# lifecycle steps, activity imports, attachments) while a fifth runs the
# nightly check and exports: every write lands exactly once, no "database is
# locked" reaches anyone within the busy timeout.
. "$(dirname "$0")/../cmd/lib/testlib.sh"
GEN="$SSO_BIN/../tests/sso-gen"
ROUNDS=${SSO_ROUNDS:-6}

export SSO_TODAY=2026-06-30
"$GEN" forms 200 --seed 11 >filed.yaml
SSO_TODAY=2026-01-05 sso-file submit --as sponsor:甲 filed.yaml >/dev/null || exit 1
"$GEN" lifecycle 2026-01-05 --reports 0 >/dev/null || exit 1
"$GEN" forms 150 --seed 12 --start 20001 >pending.yaml
sso-file submit --as sponsor:甲 pending.yaml >pending.out || exit 1
for r in $(seq 1 "$ROUNDS"); do
	"$GEN" forms 250 --seed $((100 + r)) --start $((100000 + 1000 * r)) >"forms-$r.yaml"
	"$GEN" activities 20000 --orgs 200 --from 2026-01-01 --to 2026-06-30 \
		--start $((1000000 * r)) --seed "$r" >"acts-$r.csv"
done
printf '季度工作报告\n' >report.txt
orgs0=$(sqlite3 "$SSO_DB" "SELECT count(*) FROM orgs")
docs0=$(sqlite3 "$SSO_DB" "SELECT count(*) FROM documents")

writer_submit() {
	for r in $(seq 1 "$ROUNDS"); do
		sso-file submit -q --as sponsor:乙 "forms-$r.yaml" >>submit.out 2>>submit.err || echo "exit $?" >>submit.err
	done
}
writer_steps() { # review every pending application, one process step each
	cut -f1 pending.out | while read -r app; do
		sso-file review "$app" --pass --as committee:丙 >>steps.out 2>>steps.err || echo "exit $?" >>steps.err
	done
}
writer_import() {
	for r in $(seq 1 "$ROUNDS"); do
		sso-ledger activities import -q --as hub:丁 "acts-$r.csv" >>import.out 2>>import.err || echo "exit $?" >>import.err
	done
}
writer_attach() {
	for i in $(seq 1 60); do
		org=$(printf 'ORG%06d' $((i % 200 + 1)))
		sso-ledger attach "$org" report report.txt --date 2026-06-30 --as hub:戊 >>attach.out 2>>attach.err || echo "exit $?" >>attach.err
	done
}
reader() {
	while [ ! -e writers.done ]; do
		# each report reads one moment of the store: never a chain finding
		# from a write that landed halfway through reading
		sso-ledger check >check.out 2>>reader.err; s=$?
		[ $s -le 1 ] || echo "check exit $s" >>reader.err
		! grep chain_broken check.out >>reader.err
		sso-ledger verify >/dev/null 2>>reader.err || echo "verify exit $?" >>reader.err
		sso-ledger export --period 2026H1 >/dev/null 2>>reader.err || echo "export exit $?" >>reader.err
		sso-ledger activities export --period 2026 >/dev/null 2>>reader.err || echo "activities export exit $?" >>reader.err
		echo x >>reader.rounds
	done
}

reader &
rpid=$!
writer_submit & a=$!
writer_steps & b=$!
writer_import & c=$!
writer_attach & d=$!
wait $a $b $c $d
touch writers.done
wait $rpid

for f in submit steps import attach reader; do
	COUNT=$((COUNT + 1))
	[ ! -s $f.err ] || fail "$f: $(head -c 600 $f.err)"
done
COUNT=$((COUNT + 1))
! grep -qi "locked\|busy" ./*.err 2>/dev/null || fail "a busy store reached a user"

# every write landed exactly once
run 0 sso-file list
out_lines $((1 + orgs0 + 250 * ROUNDS))
run 0 sso-file list --state reviewed
out_lines 151
COUNT=$((COUNT + 1))
first=$(cut -f1 pending.out | head -1 | sed 's/APP0*//')
[ "$(sqlite3 "$SSO_DB" "SELECT count(*) || ',' || count(DISTINCT app_id) FROM events WHERE action = 'review' AND app_id >= $first")" = "150,150" ] ||
	fail "each review recorded once"
COUNT=$((COUNT + 1))
[ "$(sqlite3 "$SSO_DB" "SELECT count(*) FROM activities")" -eq $((20000 * ROUNDS)) ] ||
	fail "every activity imported once"
COUNT=$((COUNT + 1))
[ "$(sqlite3 "$SSO_DB" "SELECT count(*) FROM documents WHERE kind = 'report'")" -eq 60 ] ||
	fail "every attachment stored once"
run 0 sso-ledger verify
COUNT=$((COUNT + 1))
[ "$(sqlite3 "$SSO_DB" "PRAGMA integrity_check")" = ok ] || fail "integrity_check"
echo "concurrent writes landed: $((250 * ROUNDS)) filings in $ROUNDS batches, 150 reviews, $((20000 * ROUNDS)) activities in $ROUNDS imports, 60 attachments; the reader ran $(wc -l <reader.rounds) rounds of check, verify and 2 exports alongside"
finish
