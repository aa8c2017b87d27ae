#!/bin/sh
# file_lifecycle.sh - sso-file moves an organization through SPEC section 4:
# every step from the built executable, every refusal exits 1 and changes nothing.
. "$(dirname "$0")/lib/testlib.sh"

# --- filing: submit, review, approve, publish, certify
export SSO_TODAY=2026-04-01
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml"
out_is "$(printf 'APP000001\tORG000001\tsubmitted')"
run 0 sso-file show APP000001 --format yaml
out_has "id: APP000001"
out_has "kind: filing"
out_has "org: ORG000001"
out_has "state: submitted"
out_has "notice_end: ~"
run 0 sso-file show ORG000001
out_has "status: pending"
out_has "version: 0"

# refused: wrong state, wrong role; nothing changes
snapshot
run 1 sso-file approve APP000001 --as street:李明
err_has "APP000001"
err_has "it is submitted: approve needs it reviewed or objected"
unchanged
run 1 sso-file review APP000001 --pass --as street:李明
err_has "for the residents'/village committee"
unchanged
run 1 sso-file publish APP000001 --as street:李明
unchanged
run 1 sso-file certify APP000001 --as street:李明
unchanged
run 64 sso-file review APP000001 --pass
err_has "needs an actor"
unchanged
run 65 sso-file review APP000099 --pass --as committee:刘主任
err_has "no application APP000099"
unchanged

run 0 sso-file review APP000001 --pass --as committee:刘主任
out_is "$(printf 'APP000001\tORG000001\treviewed')"
run 1 sso-file review APP000001 --pass --as committee:刘主任
err_has "it is reviewed"
run 1 sso-file review APP000001 --return 缺材料 --as committee:刘主任
err_has "for the street office"
run 0 sso-file approve APP000001 --as street:李明
out_is "$(printf 'APP000001\tORG000001\tapproved')"
run 0 sso-file publish APP000001 --as street:李明
out_has "社区社会组织备案公示"
out_has "天津市和平区五大道街道睦南道社区文艺爱好者协会（ORG000001）"
out_has "公示期：2026-04-01至2026-04-08"
run 0 sso-file show APP000001
out_has "state: in_notice"
out_has 'notice_end: "2026-04-08"'

# the notice period: certify refused through its last day
export SSO_TODAY=2026-04-08
snapshot
run 1 sso-file certify APP000001 --as street:李明
err_has "in notice until 2026-04-08: it can be certified from 2026-04-09"
unchanged
export SSO_TODAY=2026-04-09
run 1 sso-file certify APP000001 --as committee:刘主任
unchanged
run 1 sso-file object APP000001 --reason 迟到的异议 --as sponsor:居民甲
err_has "the notice ended on 2026-04-08"
unchanged
run 0 sso-file certify APP000001 --as street:李明
out_is "$(printf 'APP000001\tORG000001\tdone\t120101001-2026-0001')"
run 0 sso-file show ORG000001 --format yaml
out_has "id: ORG000001"
# one mapping: no key twice (the leader is one mapping, not a name and a mapping)
COUNT=$((COUNT + 1))
twice=$(sed -n 's/^\([a-z_]*\):.*/\1/p' "$TMP/out" | sort | uniq -d)
[ -z "$twice" ] || fail "show --format yaml gives keys twice: $twice"
out_has "tier: filed"
out_has "status: active"
out_has "stage: budding"
out_has 'certificate: "120101001-2026-0001"'
out_has "uscc: ~"
out_has 'district: "120101"'
out_has 'street: "120101001"'
out_has 'community: "120101001001"'
out_has "version: 1"
out_has 'filed_on: "2026-04-09"'
# masked by default
out_has '110105********002X'
out_has '138****8000'
out_lacks '11010519491231002X'
out_lacks '13800138000'
run 1 sso-file certify APP000001 --as street:李明
err_has "it is done"

# --- a second filing: return, resubmit, reject
export SSO_TODAY=2026-04-10
run 0 sso-file submit --as sponsor:赵志刚 "$EX/service-org.yaml"
out_is "$(printf 'APP000002\tORG000002\tsubmitted')"
run 64 sso-file review APP000002 --return --as committee:刘主任
# a reason or an actor's name of spaces says nothing
snapshot
run 64 sso-file review APP000002 --return "  　" --as committee:刘主任
err_has "needs a reason"
run 64 sso-file review APP000002 --return "请补充章程" --as "committee:  "
err_has "the actor needs a name"
unchanged
run 0 sso-file review APP000002 --return "请补充章程" --as committee:刘主任
out_is "$(printf 'APP000002\tORG000002\treturned')"
run 0 sso-file show APP000002
out_has "reason: 请补充章程"
snapshot
run 1 sso-file resubmit APP000002 "$EX/service-org.yaml" --as committee:刘主任
unchanged
run 65 sso-file resubmit APP000002 "$EX/filing.yaml" --as sponsor:赵志刚
err_has "name 天津市和平区五大道街道睦南道社区文艺爱好者协会 is already used by ORG000001"
unchanged
# the corrected form on standard input, as every input may be (its
# charter_file is then found from the current directory)
cp "$EX/charter.txt" .
STDIN="$EX/service-org.yaml" run 0 sso-file resubmit APP000002 --as sponsor:赵志刚
out_is "$(printf 'APP000002\tORG000002\tsubmitted')"
run 0 sso-file review APP000002 --pass --as committee:刘主任
run 0 sso-file approve APP000002 --reject "业务范围与已有组织重复" --as street:李明
out_is "$(printf 'APP000002\tORG000002\trejected')"
run 0 sso-file show ORG000002
out_has "status: rejected"
run 1 sso-file resubmit APP000002 "$EX/service-org.yaml" --as sponsor:赵志刚
err_has "it is rejected"

# --- objection during the notice: back to the street, approve again, new notice
export SSO_TODAY=2026-05-06
run 0 sso-file submit --as sponsor:王秀兰 "$EX/change.yaml"
out_is "$(printf 'APP000003\tORG000001\tsubmitted')"
snapshot
run 1 sso-file submit --as sponsor:王秀兰 "$EX/change.yaml"
err_has "already has an open change application, APP000003"
unchanged
run 0 sso-file review APP000003 --pass --as committee:刘主任
run 0 sso-file approve APP000003 --as street:李明
run 0 sso-file publish APP000003 --as street:李明
out_has "拟予变更备案"
export SSO_TODAY=2026-05-10
run 64 sso-file object APP000003 --as sponsor:居民甲
run 0 sso-file object APP000003 --reason "场所尚未落实" --as sponsor:居民甲
out_is "$(printf 'APP000003\tORG000001\tobjected')"
run 1 sso-file certify APP000003 --as street:李明
err_has "it is objected"
run 0 sso-file approve APP000003 --as street:李明
run 0 sso-file publish APP000003 --as street:李明
out_has "公示期：2026-05-10至2026-05-17"
export SSO_TODAY=2026-05-18
# the change takes effect only when certified; the old version stays readable
run 0 sso-file show ORG000001
out_has "venue: 睦南道社区党群服务中心活动室"
run 0 sso-file certify APP000003 --as street:李明
run 0 sso-file show ORG000001
out_has "venue: 睦南道社区文化活动中心二楼"
out_has "version: 2"
run 0 sso-file history ORG000001
out_has "org,version,app,effective,name,change"
out_has "ORG000001,1,APP000001,2026-04-09,"
out_has "ORG000001,2,APP000003,2026-05-18,"
out_has ",venue"
run 0 sso-file history ORG000001 1
out_has "venue: 睦南道社区党群服务中心活动室"
run 0 sso-file history ORG000001 --events
out_has "seq,day,at,actor,action,org,app,details,hash"
out_has "committee:刘主任,review,ORG000001,APP000001"
out_has "sponsor:居民甲,object,ORG000001,APP000003"

# --- stage, referral and registration
snapshot
run 1 sso-file refer ORG000001 --as street:李明
err_has "only a mature organization is referred"
unchanged
run 1 sso-file stage ORG000001 mature --as committee:刘主任
unchanged
run 64 sso-file stage ORG000001 ripe --as street:李明
run 0 sso-file stage ORG000001 mature --as street:李明
run 1 sso-file register ORG000001 --uscc 51120101MJ00000011 --as district:民政局
err_has "was not referred"
run 0 sso-file refer ORG000001 --as street:李明
out_has "referred"
run 1 sso-file refer ORG000001 --as street:李明
err_has "was referred on 2026-05-18 already"
snapshot
run 65 sso-file register ORG000001 --uscc 51120101MJ00000012 --as district:民政局
err_has "check character is 1, not 2"
run 65 sso-file register ORG000001 --uscc 52120101MJ00000021 --as district:民政局
err_has "begins with 51"
run 1 sso-file register ORG000001 --uscc 51120101MJ00000011 --as street:李明
err_has "for the district bureau"
unchanged
run 0 sso-file register ORG000001 --uscc 51120101MJ00000011 --as district:民政局
run 0 sso-file show ORG000001
out_has "tier: registered"
out_has 'uscc: "51120101MJ00000011"'

# --- the all-member vote and termination (a second, filed organization)
export SSO_TODAY=2026-06-01
cat >music.yaml <<'YAML'
kind: filing
name: 天津市和平区五大道街道马场道社区合唱队
form: social_group
category: 文体娱乐
community: 马场道社区
scope: 合唱
venue: 马场道社区活动室
sponsor: {name: 李建国, id_number: "120101195503120410", phone: "13900139000"}
leader: {name: 李建国, id_number: "120101195503120410", phone: "13900139000"}
charter: 第一条 本队由社区居民自愿组成。
members:
  - {name: 李建国, id_number: "120101195503120410"}
  - {name: 张淑芬, id_number: "120101196207180237"}
  - {name: 王秀兰, id_number: "11010519491231002X"}
YAML
run 0 sso-file submit --as sponsor:李建国 music.yaml
out_is "$(printf 'APP000004\tORG000003\tsubmitted')"
to_certificate APP000004 2026-06-09
out_has "120101001-2026-0002"
cat >end.yaml <<'YAML'
kind: termination
org: ORG000003
reason: 成员年事已高，经全体成员会议决定终止活动
commendation: 纪念牌
YAML
snapshot
run 1 sso-file submit --as sponsor:李建国 end.yaml
err_has "has no recorded all-member vote"
unchanged
# a vote that fails: recorded (exit 1, the answer is no), and the termination
# is still refused
run 1 sso-file vote ORG000003 --members 3 --present 1 --for 1 --against 0 --abstain 0 --date 2026-06-08 --as sponsor:李建国
out_has "not passed"
out_has "1 of 3 members were present"
run 1 sso-file submit --as sponsor:李建国 end.yaml
err_has "does not pass"
run 65 sso-file vote ORG000003 --members 3 --present 4 --for 4 --against 0 --abstain 0 --date 2026-06-08 --as sponsor:李建国
err_has "do not add up"
run 0 sso-file vote ORG000003 --members 3 --present 2 --for 2 --against 0 --abstain 0 --date 2026-06-09 --as sponsor:李建国
out_is "$(printf 'ORG000003\tpassed')"
run 0 sso-file submit --as sponsor:李建国 end.yaml
out_is "$(printf 'APP000005\tORG000003\tsubmitted')"
run 0 sso-file review APP000005 --pass --as committee:刘主任
run 0 sso-file approve APP000005 --as street:李明
run 0 sso-file publish APP000005 --as street:李明
out_has "拟予终止"
export SSO_TODAY=2026-06-17
run 0 sso-file certify APP000005 --as street:李明
run 0 sso-file show ORG000003
out_has "status: terminated"
out_has 'ended_on: "2026-06-17"'
run 0 sso-file history ORG000003 --events
out_has '""commendation"":""纪念牌""'
run 1 sso-file submit --as sponsor:李建国 end.yaml
err_has "is terminated"

# --- revocation
run 1 sso-file revoke ORG000003 --reason x --as street:李明
err_has "is terminated"
run 64 sso-file revoke ORG000001 --as street:李明

# --- an activity group, promoted to a filing
run 1 sso-file submit --as sponsor:李建国 "$EX/group.yaml"
err_has "is for the residents'/village committee"
run 0 sso-file submit --as committee:刘主任 "$EX/group.yaml"
out_is "$(printf -- '-\tORG000004\tactive')"
run 0 sso-file show ORG000004
out_has "tier: group"
out_has "status: active"
out_has "activities:"
run 65 sso-file promote ORG000004 --as committee:刘主任
err_has "a filing needs 'form'"
err_has "lacks what a filing needs"
promote_form >promote.yaml
run 1 sso-file promote ORG000004 promote.yaml --as street:李明
run 0 sso-file promote ORG000004 promote.yaml --as committee:刘主任
out_is "$(printf 'APP000006\tORG000004\tsubmitted')"
to_certificate APP000006 2026-06-25
run 0 sso-file show ORG000004
out_has "tier: filed"
out_has "name: 天津市和平区五大道街道马场道社区晨练队"
out_has "version: 2"

# --- revoke a filed organization: its archive gets the handling result
run 0 sso-file revoke ORG000004 --reason "长期不开展活动" --as street:李明
run 0 sso-file show ORG000004
out_has "status: revoked"

# --- reading back
run 0 sso-file list
out_has "id,name,tier,status,stage"
out_lines 5
run 0 sso-file list --tier filed
out_lines 3    # the terminated and the revoked keep their tier; status says they ended
run 0 sso-file list --status terminated
out_has "ORG000003"
out_lines 2
run 0 sso-file list --street 小白楼街道
out_has "ORG000002"
out_lines 2
run 0 sso-file list --apps
out_has "id,kind,org,name,state"
out_lines 7
run 0 sso-file list --state rejected
out_has "APP000002,filing,ORG000002"
run 0 sso-file list --kind termination --format tsv
out_has "$(printf 'APP000005\ttermination\tORG000003')"
run 0 sso-file list --headers zh --bom
out_has "$(printf '\357\273\277编号,名称')"
run 64 sso-file list --tier big
err_has "unknown tier 'big'"
run 64 sso-file list --street 不存在街道
run 64 sso-file list --state done --tier filed

# --- unmask shows personal data and records who saw it
run 64 sso-file show ORG000001 --unmask
err_has "--unmask needs an actor"
run 0 sso-file show ORG000001 --unmask --as street:李明
out_has "11010519491231002X"
out_has "13800138000"
run 0 sso-file history ORG000001 --events
out_has "street:李明,unmask,ORG000001"
# an application's personal data seen is in its organization's history too
run 0 sso-file show APP000001 --unmask --as street:李明
out_has "11010519491231002X"
run 0 sso-file history ORG000001 --events
out_has "street:李明,unmask,ORG000001,APP000001"

finish
