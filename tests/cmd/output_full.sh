#!/bin/sh
# output_full.sh - a full disk is never hidden (issue 10, bug 2): every
# executable and every subcommand that prints, with standard output on
# /dev/full, exits 74 with exactly one line on standard error, whatever its
# answer would have been (0 or 1).
. "$(dirname "$0")/lib/testlib.sh"

# full CMD ARGS...: run CMD with stdout on /dev/full (stdin from $STDIN)
full() {
	CUR="$* >/dev/full"
	"$@" <"${STDIN:-/dev/null}" >/dev/full 2>"$TMP/err"
	got=$?
	: >"$TMP/out"
	COUNT=$((COUNT + 1))
	[ "$got" = 74 ] || fail "$CUR: exit $got, want 74"
	COUNT=$((COUNT + 1))
	n=$(wc -l <"$TMP/err")
	[ "$n" -eq 1 ] || fail "$CUR: $n lines on stderr, want 1"
	COUNT=$((COUNT + 1))
	grep -q "cannot write the output" "$TMP/err" || fail "$CUR: stderr does not say why"
}

# a copy of examples/, whose forms name their charter files relative to themselves
cp -R "$EX"/. .
SP=sponsor:王秀兰
CO=committee:刘主任
ST=street:李明

# --help and --version of every executable and subcommand
for tool in sso-file sso-ledger sso-score sso-name; do
	full $tool --help
	full $tool --version
done
for c in submit resubmit review approve publish object certify vote revoke refer register \
    stage promote show list history; do
	full sso-file $c --help
done
for c in attach list check export "activities import" "activities export" activities verify; do
	full sso-ledger $c --help
done
for c in activity eval satisfaction targets; do
	full sso-score $c --help
done
full sso-file --db x.db --help
COUNT=$((COUNT + 1))
[ ! -e x.db ] || fail "--help created a store"

# ---- sso-file: every step prints a line (and is written all the same)
full sso-file submit --as $SP filing.yaml
run 0 sso-file show APP000001
out_has "state: submitted"
to_certificate APP000001 2026-04-09 full
full sso-file submit --as sponsor:赵志刚 service-org.yaml
full sso-file review APP000002 --return 请补充章程 --as $CO
STDIN=service-org.yaml full sso-file resubmit APP000002 --as sponsor:赵志刚
full sso-file review APP000002 --pass --as $CO
full sso-file approve APP000002 --reject 业务范围与已有组织重复 --as $ST
full sso-file submit --as $SP change.yaml
full sso-file review APP000003 --pass --as $CO
full sso-file approve APP000003 --as $ST
full sso-file publish APP000003 --as $ST
full sso-file object APP000003 --reason 场所尚未落实 --as sponsor:居民甲
# a vote that passes (0) and one that does not (1)
full sso-file vote ORG000001 --members 3 --present 3 --for 3 --against 0 --abstain 0 \
	--date 2026-04-09 --as $SP
full sso-file vote ORG000001 --members 3 --present 3 --for 1 --against 2 --abstain 0 \
	--date 2026-04-09 --as $SP
run 1 sso-file vote ORG000001 --members 3 --present 3 --for 1 --against 2 --abstain 0 \
	--date 2026-04-09 --as $SP
full sso-file stage ORG000001 mature --as $ST
full sso-file refer ORG000001 --as $ST
full sso-file register ORG000001 --uscc 51120101MJ00000011 --as district:民政局
full sso-file submit --as $CO group.yaml
promote_form >promote.yaml
full sso-file promote ORG000003 promote.yaml --as $CO
to_certificate APP000004 2026-04-20 full
full sso-file revoke ORG000003 --reason 长期不开展活动 --as $ST
run 0 sso-file show ORG000003
out_has "status: revoked"
full sso-file show ORG000001
full sso-file show APP000001
full sso-file show ORG000001 --unmask --as $ST
full sso-file list
full sso-file list --apps
full sso-file history ORG000001
full sso-file history ORG000001 1
full sso-file history ORG000001 --events

# ---- sso-ledger
printf '年度工作报告\n' >report.txt
full sso-ledger attach ORG000001 report report.txt --as hub:张敏
full sso-ledger list
full sso-ledger list ORG000001 --kind report
# findings (1) and none (0)
SSO_TODAY=2028-01-01 run 1 sso-ledger check
SSO_TODAY=2028-01-01 full sso-ledger check
# a clean check prints nothing, so a full disk cannot stop it
run 0 sso-ledger check
COUNT=$((COUNT + 1))
[ ! -s "$TMP/out" ] || fail "a clean check printed something"
COUNT=$((COUNT + 1))
sso-ledger check --deep >/dev/full 2>"$TMP/err" || fail "a clean check --deep on a full disk: exit $?"
SSO_TODAY=2028-01-01 full sso-ledger check --deep
full sso-ledger export --period 2026H1
full sso-ledger export --period 2026H1 --events
head -3 activities.csv >march.csv
full sso-ledger activities import march.csv --as hub:张敏
full sso-ledger activities import march.csv --as hub:张敏
full sso-ledger activities export
full sso-ledger verify

# ---- sso-score
full sso-score activity -q --orgs orgs.csv activities.csv
full sso-score activity -q --orgs orgs.csv --by street activities.csv
full sso-score activity -q --by district activities.csv
full sso-score eval --rubric platform platform-scores.csv
full sso-score satisfaction satisfaction.csv
full sso-score targets
full sso-score targets --by community
# a missed target (1)
run 1 sso-score targets --strict
full sso-score targets --strict

# ---- sso-name: names that pass (0) and names that fail (1)
run 1 sso-name names.csv
full sso-name names.csv
head -2 names.csv >good.csv
run 0 sso-name good.csv
full sso-name good.csv
full sso-name filing.yaml

finish
