#!/bin/sh
# as_of.sh - --as-of reads the records as they stood at the end of a day, and
# a closed period's ledger is the same ledger whenever it is printed (issue
# 12). A store with a scripted history; what each command says of it on
# given days is written out by hand below.
. "$(dirname "$0")/lib/testlib.sh"

steps() { # steps APP...: reviewed, approved, published today
	for a in "$@"; do
		run 0 sso-file review "$a" --pass --as committee:刘主任
		run 0 sso-file approve "$a" --as street:李明
		run 0 sso-file publish "$a" --as street:李明
	done
}

# --- the first half-year: two filings, a group, a change, a stage, a
# report and activities, the last of them on the period's last day
export SSO_TODAY=2026-04-01
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml" "$EX/service-org.yaml"
run 0 sso-file submit --as committee:刘主任 "$EX/group.yaml" # ORG000003
steps APP000001 APP000002
export SSO_TODAY=2026-04-09
run 0 sso-file certify APP000001 --as street:李明
run 0 sso-file certify APP000002 --as street:李明
export SSO_TODAY=2026-05-10
run 0 sso-file submit --as sponsor:王秀兰 "$EX/change.yaml" # APP000003: the venue
steps APP000003
SSO_TODAY=2026-05-20 run 0 sso-file certify APP000003 --as street:李明
SSO_TODAY=2026-06-01 run 0 sso-file stage ORG000001 growing --as street:李明
export SSO_TODAY=2026-06-30 SSO_ACTOR=hub:张敏
printf '二〇二六年上半年工作报告\n' >report.txt
run 0 sso-ledger attach ORG000001 report report.txt
printf 'activity_id,org_id,date,participants,volunteer_hours\n' >h1.csv
printf 'A1,ORG000001,2026-03-05,20,2\nA2,ORG000001,2026-06-30,15,1.5\nA3,ORG000003,2026-05-01,8,\n' >>h1.csv
run 0 sso-ledger activities import h1.csv
unset SSO_ACTOR

# the ledger of the half-year, sent on the first day after it
SSO_TODAY=2026-07-01 run 0 sso-ledger export --period 2026H1
cp "$TMP/out" h1-july.csv
H1_ROWS='ORG000001,filed,growing,active,120101001-2026-0001,,2,35,1,,,,submitted filed changed
ORG000002,filed,budding,active,120101002-2026-0001,,0,0,1,,,,submitted filed
ORG000003,group,budding,active,,,1,8,,,,,recorded'
COUNT=$((COUNT + 1))
[ "$(tail -n +2 h1-july.csv | cut -d, -f1,8-11,16-23)" = "$H1_ROWS" ] ||
	fail "the H1 ledger is $(tail -n +2 h1-july.csv | cut -d, -f1,8-11,16-23)"

# --- after the period, from its next day's first event on: every kind
export SSO_TODAY=2026-07-01
run 0 sso-file stage ORG000001 mature --as street:李明
run 0 sso-file stage ORG000002 mature --as street:李明
run 0 sso-file refer ORG000002 --as street:李明
run 0 sso-ledger attach ORG000001 evaluation report.txt --date 2026-06-20 --result 优秀 --as hub:张敏
printf 'activity_id,org_id,date,participants\nL1,ORG000001,2026-06-15,40\nL2,ORG000003,2026-06-16,9\n' >late.csv
run 0 sso-ledger activities import late.csv --as hub:张敏
# changes of the category (APP000004) and of the leader, the roster and the
# party organization (APP000005)
cat >category.yaml <<'YAML'
kind: change
org: ORG000002
reason: 业务调整
changes:
  category: 文体娱乐
YAML
cat >leader.yaml <<'YAML'
kind: change
org: ORG000002
reason: 负责人调整
changes:
  party_org: joint
  leader: {name: 孙丽, id_number: "120101198005051663", phone: "13900139000", party_member: true}
  members:
    - {name: 赵志刚, id_number: "120101197001011555", phone: "13700137000", role: 成员}
    - {name: 孙丽, id_number: "120101198005051663", phone: "13900139000", role: 主任}
    - {name: 周强, id_number: "120101199001011239", role: 社工}
YAML
run 0 sso-file submit --as sponsor:赵志刚 category.yaml
steps APP000004
SSO_TODAY=2026-07-09 run 0 sso-file certify APP000004 --as street:李明
export SSO_TODAY=2026-07-10
run 0 sso-file submit --as sponsor:赵志刚 leader.yaml
steps APP000005
SSO_TODAY=2026-07-20 run 0 sso-file certify APP000005 --as street:李明
export SSO_TODAY=2026-08-01
run 0 sso-file register ORG000002 --uscc 52120101MJ00000021 --as district:民政局
promote_form >promote.yaml
run 0 sso-file promote ORG000003 promote.yaml --as committee:刘主任 # APP000006
steps APP000006
SSO_TODAY=2026-08-10 run 0 sso-file certify APP000006 --as street:李明
export SSO_TODAY=2026-09-02
run 0 sso-file vote ORG000001 --members 3 --present 3 --for 3 --against 0 --abstain 0 \
	--date 2026-09-01 --as sponsor:王秀兰
run 0 sso-file submit --as sponsor:王秀兰 "$EX/termination.yaml" # APP000007
steps APP000007
SSO_TODAY=2026-09-20 run 0 sso-file certify APP000007 --as street:李明
SSO_TODAY=2026-10-01 run 0 sso-file revoke ORG000003 --reason 长期未开展活动 --as street:李明
export SSO_TODAY=2026-10-15

# the same half-year's ledger printed in October is the July one, byte for byte
run 0 sso-ledger export --period 2026H1
COUNT=$((COUNT + 1))
cmp -s "$TMP/out" h1-july.csv || fail "the H1 ledger changed after the period: $(diff h1-july.csv "$TMP/out")"
# ... in every format
for f in "--format tsv" "--format yaml" "--headers zh --bom"; do
	# shellcheck disable=SC2086 # the words of $f are options
	SSO_TODAY=2026-07-01 sso-ledger --as-of 2026-06-30 export --period 2026H1 $f >a.out
	# shellcheck disable=SC2086
	run 0 sso-ledger export --period 2026H1 $f
	COUNT=$((COUNT + 1))
	cmp -s "$TMP/out" a.out || fail "export --period 2026H1 $f changed after the period"
done
# --as-of asks the period of a later day's records: the late evaluation and
# activities, the stages of 2026-07-01
run 0 sso-ledger export --period 2026H1 --as-of 2026-07-01
COUNT=$((COUNT + 1))
[ "$(tail -n +2 "$TMP/out" | cut -d, -f1,8-11,16-23)" = 'ORG000001,filed,mature,active,120101001-2026-0001,,3,75,1,,优秀,2026-06-20,submitted filed changed
ORG000002,filed,mature,active,120101002-2026-0001,,0,0,1,,,,submitted filed
ORG000003,group,budding,active,,,2,17,,,,,recorded' ] || fail "H1 as of 2026-07-01: $(cat "$TMP/out")"
# what the changes after the period changed, the H1 ledger does not show
run 0 sso-ledger export --period 2026H1
COUNT=$((COUNT + 1))
[ "$(grep ^ORG000002, "$TMP/out" | cut -d, -f7,12,13,27,28)" = '养老照护,2,赵志刚,,0' ] ||
	fail "ORG000002 in H1: $(grep ^ORG000002, "$TMP/out")"
# the second half-year, still open: as things are now
run 0 sso-ledger export --period 2026H2
COUNT=$((COUNT + 1))
[ "$(tail -n +2 "$TMP/out" | cut -d, -f1,8-11,16)" = 'ORG000001,filed,mature,terminated,120101001-2026-0001,
ORG000002,registered,mature,active,120101002-2026-0001,52120101MJ00000021
ORG000003,filed,budding,revoked,120101001-2026-0002,' ] || fail "H2: $(cat "$TMP/out")"
COUNT=$((COUNT + 1))
[ "$(grep ^ORG000002, "$TMP/out" | cut -d, -f7,12,13,27,28)" = '文体娱乐,3,孙丽,joint,1' ] ||
	fail "ORG000002 in H2: $(grep ^ORG000002, "$TMP/out")"

# --- sso-file show, list, history as of a day
run 0 sso-file show ORG000001 --as-of 2026-04-05
out_has "tier: ~"
out_has "status: pending"
out_has "version: 0"
out_has "venue: 睦南道社区党群服务中心活动室"
out_has "  state: in_notice"
run 0 sso-file show ORG000001 --as-of 2026-04-09
out_has "tier: filed"
out_has 'certificate: "120101001-2026-0001"'
out_has "version: 1"
out_has "venue: 睦南道社区党群服务中心活动室"
run 0 sso-file show ORG000001 --as-of 2026-05-20
out_has "version: 2"
out_has "venue: 睦南道社区文化活动中心二楼"
out_has "stage: budding"
run 0 sso-file show ORG000001
out_has "status: terminated"
out_has 'ended_on: "2026-09-20"'
run 0 sso-file show APP000003 --as-of 2026-05-15
out_has "state: in_notice"
run 0 sso-file list --as-of 2026-04-05 --format tsv
out_is "$(printf 'id\tname\ttier\tstatus\tstage\tform\tcategory\tcertificate\tuscc\tdistrict\tstreet\tcommunity\tversion\thub\tleader\tmembers\tcreated_on\tfiled_on\treferred_on\tregistered_on\tended_on
ORG000001\t天津市和平区五大道街道睦南道社区文艺爱好者协会\t\tpending\tbudding\tsocial_group\t文体娱乐\t\t\t120101\t120101001\t120101001001\t0\t0\t王秀兰\t3\t2026-04-01\t\t\t\t
ORG000002\t天津市和平区小白楼街道开封道社区康乐居家养老服务中心\t\tpending\tbudding\tservice_org\t养老照护\t\t\t120101\t120101002\t120101002001\t0\t0\t赵志刚\t2\t2026-04-01\t\t\t\t
ORG000003\t马场道社区晨练队\tgroup\tactive\tbudding\t\t文体娱乐\t\t\t120101\t120101001\t120101001002\t1\t0\t李建国\t2\t2026-04-01\t\t\t\t')"
run 0 sso-file list --apps --as-of 2026-05-15 --format tsv
out_is "$(printf 'id\tkind\torg\tname\tstate\tsubmitted_on\tupdated_on\tnotice_start\tnotice_end\treason
APP000001\tfiling\tORG000001\t天津市和平区五大道街道睦南道社区文艺爱好者协会\tdone\t2026-04-01\t2026-04-09\t2026-04-01\t2026-04-08\t
APP000002\tfiling\tORG000002\t天津市和平区小白楼街道开封道社区康乐居家养老服务中心\tdone\t2026-04-01\t2026-04-09\t2026-04-01\t2026-04-08\t
APP000003\tchange\tORG000001\t天津市和平区五大道街道睦南道社区文艺爱好者协会\tin_notice\t2026-05-10\t2026-05-10\t2026-05-10\t2026-05-17\t')"
run 0 sso-file history ORG000001 --as-of 2026-05-19 --format tsv
out_is "$(printf 'org\tversion\tapp\teffective\tname\tchange\nORG000001\t1\tAPP000001\t2026-04-09\t天津市和平区五大道街道睦南道社区文艺爱好者协会\tfiled')"
run 0 sso-file history ORG000001 --events --as-of 2026-04-01 --format tsv
COUNT=$((COUNT + 1))
[ "$(tail -n +2 "$TMP/out" | cut -f5 | tr '\n' ' ')" = "archive archive archive submit review approve archive publish " ] ||
	fail "the events of ORG000001 by 2026-04-01: $(cut -f5 "$TMP/out" | tr '\n' ' ')"

# --- sso-ledger list and check, sso-score targets as of a day
run 0 sso-ledger list ORG000001 --as-of 2026-06-29 --format tsv
out_lacks "report"
run 0 sso-ledger list ORG000001 --as-of 2026-06-30 --format tsv
out_has "report"
out_lacks "evaluation"
run 0 sso-score targets --as-of 2026-04-05 --by street
out_lacks "ORG000001"
# as of 2026-04-05 nothing was filed yet; by 2026-06-30 two were
run 0 sso-score targets --as-of 2026-04-05 --by street --format tsv
A=$(cat "$TMP/out")
run 0 sso-score targets --as-of 2026-06-30 --by street --format tsv
COUNT=$((COUNT + 1))
[ "$A" != "$(cat "$TMP/out")" ] || fail "targets as of April and June are alike: $A"
# the records of 2026-06-30 judged by today's rules: ORG000002 has filed no
# report in the half-year since its filing; ORG000001's of 2026-06-30 counts
run 1 sso-ledger check --as-of 2026-06-30
out_has "ORG000002,stale_report"
out_lacks "ORG000001,stale_report"
out_lacks "chain_broken"

# --- what --as-of refuses, naming why; nothing is written
snapshot
run 64 sso-file show ORG000001 --as-of 2026-03-31
err_has "before the store existed (its first event is of 2026-04-01)"
run 64 sso-file list --as-of 2026-10-16
err_has "after today (2026-10-15)"
run 64 sso-file list --as-of 2026-02-30
run 64 sso-file stage ORG000002 growing --as street:李明 --as-of 2026-06-30
err_has "--as-of is for reading"
run 64 sso-file show ORG000001 --unmask --as street:李明 --as-of 2026-06-30
unchanged
finish
