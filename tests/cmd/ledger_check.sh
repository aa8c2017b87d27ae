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
out_has "its row was edited outside sso"
run 1 sso-ledger check
out_is "$(printf 'org_id,rule,detail\nORG000002,chain_broken,organization ORG000002 differs from the state its last event recorded: its row was edited outside sso')"
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

finish
