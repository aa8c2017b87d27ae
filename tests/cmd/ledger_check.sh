#!/bin/sh
# ledger_check.sh - sso-ledger check: every rule of SPEC section 5 made to
# fire and shown silent, its exit codes for cron, and that it never writes;
# sso-ledger verify on an intact and an edited history.
. "$(dirname "$0")/lib/testlib.sh"
. "$SSO_SRC/tests/cmd/lib/ledger_orgs.sh"

# out_empty: the command printed nothing at all (a clean check, for cron)
out_empty() {
	COUNT=$((COUNT + 1))
	[ ! -s "$TMP/out" ] || fail "$CUR: stdout is not empty: $(head -c 200 "$TMP/out")"
}

# two filed organizations (filed 2026-01-13) and a third left in notice
submit_forms 3 7
to_notice APP000001 APP000002 APP000003
certify APP000001 APP000002
printf '报告内容\n' >report.txt

# 2026-02-11: the third application's notice ended 2026-01-12, 30 days ago: not yet stuck
export SSO_TODAY=2026-02-11
run 0 sso-ledger check
out_empty
err_is_empty
run 0 sso-ledger check --format yaml --bom
out_empty

# --- stuck_in_notice: more than stuck_days (30) past the notice's end
export SSO_TODAY=2026-02-12
snapshot
run 1 sso-ledger check
out_lines 2
out_has 'ORG000003,stuck_in_notice,"APP000003: its notice ended on 2026-01-12, 31 days ago (at most 30): certify or reject it"'
unchanged
printf 'archive:\n  stuck_days: 31\n' >stuck31.yaml
run 0 sso-ledger check --config stuck31.yaml
run 0 sso-file certify APP000003 --as street:李明
run 0 sso-ledger check

# --- stale_report and stale_evaluation, counted from the filing date while none
# ORG000001/2 filed 2026-01-13, ORG000003 2026-02-12; 183 days after 2026-01-13 is 2026-07-15
export SSO_TODAY=2026-07-15
run 0 sso-ledger check
export SSO_TODAY=2026-07-16
run 1 sso-ledger check
out_has 'ORG000001,stale_report,"no report since the filing on 2026-01-13, 184 days ago (at most 183)"'
out_has 'ORG000002,stale_report,'
out_lacks 'ORG000003'
out_lacks 'stale_evaluation'
# a report silences it; a report of an old date does not
run 0 sso-ledger attach ORG000001 report report.txt --as hub:张敏
out_is "$(printf 'DOC000025\tORG000001\treport')"
run 0 sso-ledger attach ORG000002 report report.txt --date 2026-01-10 --as hub:张敏
run 1 sso-ledger check
out_lacks 'ORG000001,stale_report'
# (2026-01-10 is before the filing: it is no report since the filing)
out_has 'ORG000002,stale_report,"no report since the filing on 2026-01-13, 184 days ago (at most 183)"'
run 0 sso-ledger attach ORG000002 report report.txt --date 2026-07-01 --as committee:刘主任
run 0 sso-ledger check
# a report dated before the filing (ORG000003 filed 2026-02-12) does not start
# the clock earlier than the filing did
run 0 sso-ledger attach ORG000003 report report.txt --date 2026-01-01 --as hub:张敏
run 0 sso-ledger check
# evaluations: 366 days from the filing; reports keep coming
export SSO_TODAY=2027-01-13
run 1 sso-ledger check
out_has 'ORG000003,stale_report,"no report since the filing on 2026-02-12, 335 days ago (at most 183)"'
out_lacks 'stale_evaluation'
run 0 sso-ledger attach ORG000001 report report.txt --as hub:张敏
run 0 sso-ledger attach ORG000002 report report.txt --as hub:张敏
run 0 sso-ledger attach ORG000003 report report.txt --as hub:张敏
run 0 sso-ledger check
export SSO_TODAY=2027-01-15
run 1 sso-ledger check
out_has 'ORG000001,stale_evaluation,"no evaluation since the filing on 2026-01-13, 367 days ago (at most 366)"'
out_has 'ORG000002,stale_evaluation,'
out_lacks 'ORG000003'
run 0 sso-ledger attach ORG000001 evaluation report.txt --result 优秀 --as hub:张敏
run 0 sso-ledger attach ORG000002 evaluation report.txt --result 合格 --date 2027-01-01 --as hub:张敏
run 0 sso-ledger check
printf 'archive:\n  evaluation_max_age_days: 10\n' >eval10.yaml
run 1 sso-ledger check --config eval10.yaml
out_has 'ORG000002,stale_evaluation,"the latest evaluation is of 2027-01-01, 14 days ago (at most 10)"'
out_lacks 'ORG000001,stale_evaluation'

# --- missing_document: the configured list
printf 'archive:\n  required: [charter, filing_form, roster, disclosure]\n' >disclose.yaml
run 1 sso-ledger check --config disclose.yaml
out_has 'ORG000001,missing_document,no disclosure in the archive'
out_has 'ORG000002,missing_document,no disclosure in the archive'
run 0 sso-ledger attach ORG000001 disclosure report.txt --as street:李明
run 0 sso-ledger attach ORG000002 disclosure report.txt --as street:李明
run 0 sso-ledger attach ORG000003 disclosure report.txt --as street:李明
run 0 sso-ledger check --config disclose.yaml
printf 'archive:\n  required: [charter, minutes]\n' >badkind.yaml
run 78 sso-ledger check --config badkind.yaml
err_has "badkind.yaml:2:23: archive.required: unknown document kind 'minutes'"
# a missing required kind (the roster gone from the store: a damaged archive)
cp "$SSO_DB" before.db
sqlite3 "$SSO_DB" "DELETE FROM chunks WHERE doc_id IN (SELECT id FROM documents WHERE org_id = 2 AND kind = 'roster'); DELETE FROM documents WHERE org_id = 2 AND kind = 'roster'"
run 1 sso-ledger check
out_has 'ORG000002,missing_document,no roster in the archive'
# ... and the chain knows a document was deleted behind sso's back
out_has 'ORG000002,chain_broken,"document DOC000006, archived by event 7, is missing: it was deleted outside sso"'
out_lines 3
cp before.db "$SSO_DB"
rm -f "$SSO_DB-wal" "$SSO_DB-shm"
run 0 sso-ledger check

# an ended organization is outside the archive rules
run 0 sso-file revoke ORG000003 --reason 长期未开展活动 --as street:李明
export SSO_TODAY=2028-06-01
run 1 sso-ledger check
out_has 'ORG000001,stale_report'
out_lacks 'ORG000003'
export SSO_TODAY=2027-01-15

# --- hash_mismatch: only with --deep; the store stays as it was
sqlite3 "$SSO_DB" "UPDATE chunks SET data = CAST('改过的报告' AS BLOB) WHERE doc_id = 25"
run 0 sso-ledger check
snapshot
run 1 sso-ledger check --deep
out_lines 2
out_has 'ORG000001,hash_mismatch,"DOC000025 report (report.txt): 15 bytes stored, 13 recorded'
unchanged
sqlite3 "$SSO_DB" "DELETE FROM chunks WHERE doc_id = 26; UPDATE chunks SET data = CAST('报告内容!' AS BLOB) WHERE doc_id = 27"
run 1 sso-ledger check --deep
out_has 'ORG000002,hash_mismatch,"DOC000026 report (report.txt): 0 bytes stored, 13 recorded'
out_has 'ORG000002,hash_mismatch,"DOC000027 report (report.txt): its bytes hash to f38815a3861c..., not the recorded c53644ffba39..."'
cp before.db "$SSO_DB"
rm -f "$SSO_DB-wal" "$SSO_DB-shm"
run 0 sso-ledger check --deep

# --- verify and chain_broken: an organization's row edited, then an event
run 0 sso-ledger verify
out_has "verified"
out_has "3 organizations"
sqlite3 "$SSO_DB" "UPDATE orgs SET members = 99 WHERE id = 2"
snapshot
run 1 sso-ledger verify
out_has "ORG000002"
out_has "ORG000002 (table orgs), column members: the event log says 4"
run 1 sso-ledger check
# the nightly pass knows the row from its hash; --deep replays the log and
# names the column
out_is "$(printf 'org_id,rule,detail\nORG000002,chain_broken,organization ORG000002 differs from the state its last event recorded: its row was edited outside sso')"
run 1 sso-ledger check --deep
out_has "ORG000002,chain_broken,\"ORG000002 (table orgs), column members: the event log says 4 (event"
unchanged
cp before.db "$SSO_DB"
rm -f "$SSO_DB-wal" "$SSO_DB-shm"
sqlite3 "$SSO_DB" "DROP TRIGGER events_no_update; UPDATE events SET actor = 'street:别人' WHERE seq = 5"
run 1 sso-ledger verify
out_has "event 5"
run 1 sso-ledger check --format yaml
out_has "rule: chain_broken"
out_has "event 5 ("

# --- the check never creates, never unmasks, and takes no arguments
cp before.db "$SSO_DB"
rm -f "$SSO_DB-wal" "$SSO_DB-shm"
run 64 sso-ledger check --unmask --as hub:张敏
run 64 sso-ledger check extra
run 66 sso-ledger check --db nowhere.db
err_has "nowhere.db: no store here"
COUNT=$((COUNT + 1))
[ ! -e nowhere.db ] || fail "check created a store"
run 66 sso-ledger verify --db nowhere.db
# findings in TSV with Chinese headers
printf 'archive:\n  required: [handling]\n' >handling.yaml
run 1 sso-ledger check --config handling.yaml --format tsv --headers zh
out_has "$(printf '组织编号\t规则\t说明')"
out_has "$(printf 'ORG000001\tmissing_document\tno handling in the archive')"

# ==== the rules of issue 12, on a store of their own ====
export SSO_DB="$TMP/rules.db"
cp -R "$EX"/. .
export SSO_TODAY=2026-03-02
# ORG000001 (五大道街道 睦南道社区, 3 members) filed on 2026-03-10;
# ORG000002 (小白楼街道 开封道社区) left submitted; ORG000003 an activity group
# of 五大道街道 马场道社区, recorded today
run 0 sso-file submit --as sponsor:王秀兰 filing.yaml service-org.yaml
run 0 sso-file submit --as committee:刘主任 group.yaml
to_certificate APP000001 2026-03-10
export SSO_TODAY=2026-03-20
run 0 sso-ledger check
out_empty

# --- stuck_in_review: no step for more than stuck_days (30), counted from updated_on
export SSO_TODAY=2026-04-01
run 0 sso-ledger check
out_empty
export SSO_TODAY=2026-04-02
snapshot
run 1 sso-ledger check
out_is "$(printf 'org_id,rule,detail\nORG000002,stuck_in_review,"APP000002: submitted, no step since 2026-03-02, 31 days ago (at most 30): the committee reviews, returns or rejects it"')"
unchanged
run 0 sso-ledger check --config stuck31.yaml
# a step restarts the clock; each waiting state names who moves it on
run 0 sso-file review APP000002 --pass --as committee:刘主任
run 0 sso-ledger check
export SSO_TODAY=2026-05-03
run 1 sso-ledger check
out_has 'ORG000002,stuck_in_review,"APP000002: reviewed, no step since 2026-04-02, 31 days ago (at most 30): the street approves, returns or rejects it"'
run 0 sso-file approve APP000002 --return 材料不全 --as street:李明
export SSO_TODAY=2026-06-02
run 0 sso-ledger check
export SSO_TODAY=2026-06-03
run 1 sso-ledger check
out_has 'APP000002: returned, no step since 2026-05-03, 31 days ago (at most 30): the sponsor resubmits it'
run 0 sso-file resubmit APP000002 service-org.yaml --as sponsor:王秀兰
run 0 sso-file review APP000002 --pass --as committee:刘主任
run 0 sso-file approve APP000002 --as street:李明
export SSO_TODAY=2026-07-04
run 1 sso-ledger check
out_has 'APP000002: approved, no step since 2026-06-03, 31 days ago (at most 30): the street publishes its notice'
# in notice it is the other rule's; certified, neither
run 0 sso-file publish APP000002 --as street:李明
run 0 sso-ledger check
out_empty
export SSO_TODAY=2026-07-12
run 0 sso-file certify APP000002 --as street:李明
# (the archive rules stay quiet until September: reports 183 days from 2026-03-10)

# --- vote_roster_mismatch: ORG000001's roster has 3 members
export SSO_ACTOR=sponsor:王秀兰
run 0 sso-file vote ORG000001 --members 3 --present 3 --for 3 --against 0 --abstain 0 --date 2026-07-01
run 0 sso-ledger check
out_empty
run 0 sso-file vote ORG000001 --members 4 --present 4 --for 4 --against 0 --abstain 0 --date 2026-07-10
snapshot
run 1 sso-ledger check
out_is "$(printf 'org_id,rule,detail\nORG000001,vote_roster_mismatch,"the vote of 2026-07-10 counts 4 members, the roster then 3: record it again with the roster'"'"'s count, or say why (sso-file vote --reason)"')"
unchanged
# a blank reason is refused and nothing written; a reason is kept in the event and the archive
run 64 sso-file vote ORG000001 --members 4 --present 4 --for 4 --against 0 --abstain 0 --date 2026-07-11 --reason " "
err_has "--reason is empty"
unchanged
run 0 sso-file vote ORG000001 --members 4 --present 4 --for 4 --against 0 --abstain 0 --date 2026-07-11 --reason 新成员入会，花名册待变更
run 0 sso-ledger check
out_empty
run 0 sso-file history ORG000001 --events
out_has '""reason"":""新成员入会，花名册待变更""'
run 0 sso-ledger list ORG000001 --kind vote
out_lines 4
# the latest vote (by its date) is the one judged: an older one without a
# reason, recorded later, is not
run 0 sso-file vote ORG000001 --members 5 --present 5 --for 5 --against 0 --abstain 0 --date 2026-07-05
run 0 sso-ledger check
out_empty
# the roster is the one in force on the vote's date: a fourth member from a
# change certified on 2026-07-20
cat >change4.yaml <<'YAML'
kind: change
org: ORG000001
reason: 新成员入会
changes:
  members:
    - {name: 王秀兰, id_number: "11010519491231002X", phone: "13800138000", role: 会长, party_member: true}
    - {name: 李建国, id_number: "120101195503120410", phone: "13900139000", role: 副会长}
    - {name: 张淑芬, id_number: "120101196207180237", phone: "022-23456789", role: 成员}
    - {name: 陈敏, id_number: "120101198904098879", phone: "13321053536", role: 成员}
YAML
export SSO_TODAY=2026-07-12
run 0 sso-file submit --as sponsor:王秀兰 change4.yaml
to_certificate APP000003 2026-07-20
# a vote dated before the change counts the roster of then (3)
run 0 sso-file vote ORG000001 --members 3 --present 3 --for 3 --against 0 --abstain 0 --date 2026-07-19
run 0 sso-ledger check
out_empty
run 0 sso-file vote ORG000001 --members 4 --present 4 --for 4 --against 0 --abstain 0 --date 2026-07-20
run 0 sso-ledger check
out_empty
run 0 sso-file vote ORG000001 --members 3 --present 3 --for 3 --against 0 --abstain 0 --date 2026-07-20
run 1 sso-ledger check
out_has 'ORG000001,vote_roster_mismatch,"the vote of 2026-07-20 counts 3 members, the roster then 4:'
# an explained vote after it silences it again
run 0 sso-file vote ORG000001 --members 3 --present 3 --for 3 --against 0 --abstain 0 --date 2026-07-20 --reason 陈敏已退会
run 0 sso-ledger check
out_empty
unset SSO_ACTOR

# --- stale_group: no activity in the last 365 days, once recorded a year
# ORG000003 was recorded on 2026-03-02; 365 days later is 2027-03-02
# (reports keep the archive rules quiet)
printf '报告内容\n' >report.txt
export SSO_TODAY=2027-03-01
run 0 sso-ledger attach ORG000001 report report.txt --as hub:张敏
run 0 sso-ledger attach ORG000002 report report.txt --as hub:张敏
run 0 sso-ledger attach ORG000001 evaluation report.txt --result 优秀 --as hub:张敏
run 0 sso-ledger attach ORG000002 evaluation report.txt --result 合格 --as hub:张敏
run 0 sso-ledger check
out_empty
export SSO_TODAY=2027-03-02
run 0 sso-ledger check
out_empty
export SSO_TODAY=2027-03-03
snapshot
run 1 sso-ledger check
out_is "$(printf 'org_id,rule,detail\nORG000003,stale_group,no activity recorded in the 365 days since 2026-03-03 (an activity group shows one a year)')"
unchanged
# an activity 365 days old counts, 366 days old does not (the quarter's own
# days are read: 2026-03-10 is in the cutoff's quarter)
printf 'activity_id,org_id,date,participants\nG1,ORG000003,2026-03-10,12\n' >g1.csv
run 0 sso-ledger activities import g1.csv --as hub:张敏
export SSO_TODAY=2027-03-10
run 0 sso-ledger check
out_empty
export SSO_TODAY=2027-03-11
run 1 sso-ledger check
out_has 'ORG000003,stale_group,no activity recorded in the 365 days since 2026-03-11'
# one in a later quarter (from the per-quarter sums) keeps it fresh for a year
printf 'activity_id,org_id,date,participants\nG2,ORG000003,2026-04-01,9\n' >g2.csv
run 0 sso-ledger activities import g2.csv --as hub:张敏
run 0 sso-ledger check
out_empty
export SSO_TODAY=2027-04-02
run 1 sso-ledger check
out_has 'ORG000003,stale_group,'

# --- --street and --community: codes or names, findings of their organizations
# (ORG000001 of 五大道街道 睦南道社区, ORG000002 of 小白楼街道 开封道社区)
export SSO_TODAY=2027-12-01
run 1 sso-ledger check
out_has 'ORG000001,stale_report'
out_has 'ORG000002,stale_report'
run 1 sso-ledger check --street 五大道街道
out_has 'ORG000001,stale_report'
out_lacks 'ORG000002'
run 1 sso-ledger check --street 120101002
out_has 'ORG000002,stale_report'
out_lacks 'ORG000001'
out_lacks 'ORG000003'
run 1 sso-ledger check --community 睦南道社区
out_has 'ORG000001,'
out_lacks 'ORG000002'
out_lacks 'ORG000003'
run 1 sso-ledger check --community 马场道社区
out_is "$(printf 'org_id,rule,detail\nORG000003,stale_group,no activity recorded in the 365 days since 2026-12-01 (an activity group shows one a year)')"
run 1 sso-ledger check --street 五大道街道 --community 120101001001
out_has 'ORG000001,'
# a community with nothing to find prints nothing, exit 0
run 0 sso-ledger check --community 云南路社区
out_empty
# unknown, or a community of another street: usage, nothing printed
run 64 sso-ledger check --street 火星街道
err_has "--street:"
out_empty
run 64 sso-ledger check --community 北关村 --street 五大道街道
err_has "--community: 北关村 (120119100201) is in 渔阳镇 (120119100), not in --street 五大道街道"
out_empty
# findings of no organization (a broken event) are every street's
cp "$SSO_DB" rules-before.db
sqlite3 "$SSO_DB" "DROP TRIGGER events_no_update; UPDATE events SET actor = 'street:别人' WHERE seq = 2"
run 1 sso-ledger check --community 云南路社区
out_has ',chain_broken,'
cp rules-before.db "$SSO_DB"
rm -f "$SSO_DB-wal" "$SSO_DB-shm"

finish
