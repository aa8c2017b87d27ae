#!/bin/sh
# roundtrip.sh - whatever an sso tool writes, every sso tool that reads that
# kind of file reads back unchanged (issue 10): each output variant of
# `sso-ledger activities export` (CSV, --headers zh, --bom, --format tsv and
# their combinations) piped into `sso-score activity` and imported into a
# fresh store, and each variant of `sso-ledger export` given to
# `sso-score activity --orgs`, gives what reading the original gives.
. "$(dirname "$0")/lib/testlib.sh"
. "$SSO_SRC/tests/cmd/lib/ledger_orgs.sh"

submit_forms 3 11
to_notice APP000001 APP000002 APP000003
certify APP000001 APP000002 APP000003
export SSO_TODAY=2026-07-15
cp "$SSO_DB" orgs-only.db

# --- the issue's reproduction, exactly
printf 'activity_id,org_id,date,participants,volunteer_hours\nX1,ORG000001,2026-07-01, 12 ,1.2345\n' > a.csv
run 0 sso-ledger activities import a.csv --as hub:张敏
out_has "1 added"
run 0 sso-score activity a.csv
out_has "ORG000001,1,12,1,1,0,"
cp "$TMP/out" want.out
sso-ledger activities export >export.csv
STDIN=export.csv run 0 sso-score activity
err_is_empty
COUNT=$((COUNT + 1))
cmp -s want.out "$TMP/out" || fail "export | sso-score activity differs from reading a.csv"
sso-ledger activities export --headers zh >export-zh.csv
STDIN=export-zh.csv run 0 sso-score activity
err_is_empty
COUNT=$((COUNT + 1))
cmp -s want.out "$TMP/out" || fail "export --headers zh | sso-score activity differs from reading a.csv"

# --- a clerk's file with everything the readers accept: spaces around fields,
# Chinese headers in another order, a BOM and CRLF, quoted commas, quotes and
# line breaks, tabs and backslashes in titles, ids in any case or bare, hours
# with many decimals or none
cp orgs-only.db "$SSO_DB"
{
	printf '\357\273\277参与人数,活动编号,组织编号,活动日期,活动名称,志愿服务时长,活动类型,note\r\n'
	printf ' 25 ,A-001,ORG000001,2026-01-20,"合唱排练, 第一次",1.5,文体,ignored\r\n'
	printf '12,A-002,org000002,2026-02-03,"他说""好""",0.00001,,x\r\n'
	printf '0,A-003,3,2026-04-10,"两行\n标题",,,\r\n'
	printf '30,A-004, ORG000001 ,2026-07-01,"tab\there back\\\\slash \\\\n",1.2345678901234567,,\r\n'
	printf '7,A-005,ORG000002,2025-12-31,去年,2,,\r\n'
	printf '1000000,A-006,ORG000003,2026-06-30,最多的人,1000000,,\r\n'
} >clerk.csv
run 0 sso-ledger activities import clerk.csv --as hub:张敏
out_has "6 rows	6 added	0 unchanged	0 bad"
for by in org street district; do
	run 0 sso-score activity --by $by clerk.csv
	cp "$TMP/out" want-$by.out
done
sso-ledger activities export >canonical.csv
for v in "" "--headers zh" "--bom" "--format tsv" "--headers zh --bom" "--format tsv --headers zh" \
	"--format tsv --bom" "--format tsv --headers zh --bom"; do
	# shellcheck disable=SC2086
	sso-ledger activities export $v >variant
	# into sso-score, on stdin and as a file, in each grouping
	for by in org street district; do
		STDIN=variant run 0 sso-score activity --by $by
		COUNT=$((COUNT + 1))
		cmp -s want-$by.out "$TMP/out" || fail "activities export $v | sso-score activity --by $by"
	done
	run 0 sso-score activity variant --threads 2
	COUNT=$((COUNT + 1))
	cmp -s want-org.out "$TMP/out" || fail "sso-score activity (a file) of activities export $v"
	# into a fresh store: the same records, and again changes nothing
	cp orgs-only.db fresh.db
	run 0 sso-ledger activities import --db fresh.db --as hub:张敏 variant
	out_has "6 rows	6 added	0 unchanged	0 bad"
	run 0 sso-ledger activities import --db fresh.db --as hub:张敏 variant
	out_has "6 rows	0 added	6 unchanged	0 bad"
	run 0 sso-ledger activities export --db fresh.db
	COUNT=$((COUNT + 1))
	cmp -s canonical.csv "$TMP/out" || fail "activities export $v imported into a fresh store"
	# and into the store it came from: nothing new, nothing conflicting
	run 0 sso-ledger activities import --as hub:张敏 variant
	out_has "0 added	6 unchanged	0 bad"
done
# the hours printed are the ones read: no exponent, no digits lost
COUNT=$((COUNT + 1))
grep -q ',0.00001$' canonical.csv || fail "0.00001 hours not printed as 0.00001: $(cat canonical.csv)"
COUNT=$((COUNT + 1))
grep -q ',1.2345678901234567$' canonical.csv || fail "hours lost digits: $(cat canonical.csv)"

# --- the organization list: each variant of sso-ledger export for --orgs
sso-ledger activities export >acts.csv
run 0 sso-score activity acts.csv
cp "$TMP/out" want-db.out
run 0 sso-score activity --by street acts.csv
cp "$TMP/out" want-db-street.out
for v in "" "--headers zh" "--bom" "--format tsv" "--headers zh --bom" "--format tsv --headers zh" \
	"--by-quarter" "--by-quarter --headers zh" "--by-quarter --format tsv --bom" \
	"--format tsv --bom" "--format tsv --headers zh --bom"; do
	# shellcheck disable=SC2086
	sso-ledger export --period 2026 $v >orgs-variant
	run 0 sso-score activity --orgs orgs-variant acts.csv
	COUNT=$((COUNT + 1))
	cmp -s want-db.out "$TMP/out" || fail "sso-ledger export $v as sso-score activity --orgs"
	run 0 sso-score activity --orgs orgs-variant --by street acts.csv
	COUNT=$((COUNT + 1))
	cmp -s want-db-street.out "$TMP/out" || fail "sso-ledger export $v as --orgs, --by street"
done

# --- a file large enough to be read by two threads, in TSV, is read as CSV is
"$GEN" activities 70000 --orgs 3 >big.csv
cp orgs-only.db "$SSO_DB"
run 0 sso-ledger activities import big.csv --as hub:张敏
out_has "70000 added"
run 0 sso-score activity --threads 1 big.csv
cp "$TMP/out" want-big.out
sso-ledger activities export --format tsv --headers zh >big.tsv
COUNT=$((COUNT + 1))
[ "$(wc -c <big.tsv)" -ge 4194304 ] || fail "big.tsv is too small to be split: $(wc -c <big.tsv)"
run 0 sso-score activity --threads 2 big.tsv
COUNT=$((COUNT + 1))
cmp -s want-big.out "$TMP/out" || fail "big.tsv read by two threads differs from big.csv"

finish
