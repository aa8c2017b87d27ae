#!/bin/sh
# ledger_export.sh - sso-ledger export: the work ledger's column contract,
# every period form, the street and district filters, which organizations
# a period holds, archive completeness, masking and --unmask, --events; the
# columns a district bureau asks for (party, volunteer hours, quarters,
# changes), --manifest and verify --head.
. "$(dirname "$0")/lib/testlib.sh"
. "$SSO_SRC/tests/cmd/lib/ledger_orgs.sh"

HEADER="org_id,name,district,street,community,form,category,tier,stage,status,certificate,members,leader,leader_phone,filed_on,uscc,activities,participants,archive_complete,archive_missing,evaluation,evaluated_on,period_events,district_name,street_name,community_name,party_org,leader_party_member,volunteer_hours,changed_on,tier_changed_on"

# four filings: 1 and 2 certified 2026-01-13, 3 certified then revoked in
# May, 4 still in notice; 5 rejected; and an activity group (6)
submit_forms 5 3
to_notice APP000001 APP000002 APP000003 APP000004
SSO_TODAY=2026-01-05 run 0 sso-file review APP000005 --reject 材料不全 --as committee:刘主任
certify APP000001 APP000002 APP000003
export SSO_TODAY=2026-05-20
run 0 sso-file revoke ORG000003 --reason 长期未开展活动 --as street:李明
run 0 sso-file submit --as committee:刘主任 "$EX/group.yaml"
export SSO_TODAY=2026-07-15 SSO_ACTOR=hub:张敏
printf '报告\n' >doc.txt
run 0 sso-ledger attach ORG000001 report doc.txt --date 2026-06-01
run 0 sso-ledger attach ORG000001 evaluation doc.txt --date 2026-06-20 --result 优秀
run 0 sso-ledger attach ORG000001 evaluation doc.txt --date 2026-03-01 --result 合格
run 0 sso-ledger attach ORG000001 evaluation doc.txt --result 待改进
printf 'activity_id,org_id,date,participants\n' >acts.csv
printf 'a1,ORG000001,2025-12-31,100\na2,ORG000001,2026-01-01,10\na3,ORG000001,2026-03-31,11\n' >>acts.csv
printf 'a4,ORG000001,2026-04-01,12\na5,ORG000001,2026-06-30,13\na6,ORG000001,2026-07-01,14\n' >>acts.csv
printf 'a7,ORG000002,2026-02-01,20\na8,ORG000003,2026-05-01,30\na9,ORG000006,2026-05-02,8\n' >>acts.csv
run 0 sso-ledger activities import acts.csv
STREET1=$(sqlite3 "$SSO_DB" "SELECT street FROM orgs WHERE id = 1")
DISTRICT1=$(sqlite3 "$SSO_DB" "SELECT district FROM orgs WHERE id = 1")

# --- the column contract
snapshot
run 0 sso-ledger export --period 2026H1
unchanged
COUNT=$((COUNT + 1))
[ "$(head -1 "$TMP/out")" = "$HEADER" ] || fail "the ledger's header is $(head -1 "$TMP/out")"
out_lines 6 # 1, 2, 3 (revoked in the period), 4 (pending), 6 (group); not 5 (rejected)
out_lacks "ORG000005"
row() { grep "^$1," "$TMP/out"; }
# column by key, whatever its place
col() { # ORG KEY
	awk -F, -v org="$1" -v key="$2" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
		$1 == org { print $(k[key]) }' "$TMP/out"
}
is() { # ORG KEY VALUE
	COUNT=$((COUNT + 1))
	v=$(col "$1" "$2")
	[ "$v" = "$3" ] || fail "$CUR: $1 $2 is '$v', want '$3'"
}
is ORG000001 activities 4
is ORG000001 participants 46
is ORG000001 archive_complete 1
is ORG000001 archive_missing ""
is ORG000001 evaluation 优秀
is ORG000001 evaluated_on 2026-06-20
is ORG000001 period_events "submitted filed"
is ORG000001 tier filed
is ORG000001 status active
is ORG000001 filed_on 2026-01-13
is ORG000001 street "$STREET1"
is ORG000001 district "$DISTRICT1"
is ORG000001 certificate "$(sqlite3 "$SSO_DB" "SELECT certificate FROM orgs WHERE id = 1")"
is ORG000001 members "$(sqlite3 "$SSO_DB" "SELECT members FROM orgs WHERE id = 1")"
is ORG000001 leader "$(sqlite3 "$SSO_DB" "SELECT leader FROM orgs WHERE id = 1")"
is ORG000002 activities 1
is ORG000002 participants 20
is ORG000002 archive_complete 1
is ORG000002 evaluation ""
is ORG000003 status revoked
is ORG000003 period_events "submitted filed revoked"
is ORG000003 activities 1
is ORG000004 status pending
is ORG000004 archive_complete ""
is ORG000004 period_events submitted
is ORG000006 tier group
is ORG000006 period_events recorded
is ORG000006 activities 1
is ORG000006 leader_phone "139****9000"
is ORG000006 community_name 马场道社区
# the leader's phone, masked
PHONE=$(sqlite3 "$SSO_DB" "SELECT data FROM versions WHERE org_id = 1" | sed -n '/^leader:/,/^[a-z]/s/^  phone: "\(.*\)"/\1/p')
MASKED=$(printf '%s' "$PHONE" | sed 's/^\(...\)....\(....\)$/\1****\2/')
is ORG000001 leader_phone "$MASKED"
out_lacks "$PHONE"
# a pending organization has no version yet: its leader is the filing's
PHONE4=$(sqlite3 "$SSO_DB" "SELECT data FROM apps WHERE org_id = 4 AND kind = 'filing'" | sed -n '/^leader:/,/^[a-z]/s/^  phone: "\(.*\)"/\1/p')
[ -n "$PHONE4" ] || fail "ORG000004's filing has no leader phone to compare"
is ORG000004 leader_phone "$(printf '%s' "$PHONE4" | sed 's/^\(...\)....\(....\)$/\1****\2/')"

# --- periods: a year, halves, quarters
run 0 sso-ledger export --period 2026
is ORG000001 activities 5
is ORG000001 participants 60
run 0 sso-ledger export --period 2026Q1
is ORG000001 activities 2
is ORG000001 participants 21
is ORG000001 evaluation 合格
is ORG000001 evaluated_on 2026-03-01
is ORG000001 period_events "submitted filed"
run 0 sso-ledger export --period 2026q2
is ORG000001 activities 2
is ORG000001 participants 25
is ORG000001 period_events ""
is ORG000003 period_events revoked
run 0 sso-ledger export --period 2026H2
is ORG000001 activities 1
out_lacks "ORG000003" # ended before the period
# an activity before its organization was recorded counts for none: the
# ledger of 2025 holds no organization recorded in 2026
run 0 sso-ledger export --period 2025
out_lines 1
run 0 sso-ledger export --period 2026Q1
is ORG000001 archive_complete 1
SSO_TODAY=2026-01-12 run 0 sso-ledger export --period 2026Q1
is ORG000001 archive_complete "" # not filed yet
run 0 sso-ledger export --period 2026Q3
out_has "ORG000001,"
for bad in 2026H3 2026Q0 26H1 2026-H1 H1 ""; do
	run 64 sso-ledger export --period "$bad"
	err_has "is not a period"
done
run 64 sso-ledger export
err_has "export needs --period"

# --- archive completeness as of the period's end
# ORG000002 has no report: at the end of 2026H2 (as of today, 2026-07-15:
# 183 days from the filing) not yet stale; later it is
run 0 sso-ledger export --period 2026H2
is ORG000002 archive_complete 1
SSO_TODAY=2026-07-16 run 0 sso-ledger export --period 2026H2
is ORG000002 archive_complete 0
is ORG000002 archive_missing report
printf 'archive:\n  required: [charter, filing_form, roster, disclosure]\n' >disclose.yaml
run 0 sso-ledger export --period 2026H1 --config disclose.yaml
is ORG000001 archive_complete 0
is ORG000001 archive_missing disclosure
# the archive as the revoked organization left it (its end, not the period's)
SSO_TODAY=2027-01-05 run 0 sso-ledger export --period 2026
is ORG000003 archive_complete 1
is ORG000002 archive_missing report
is ORG000001 archive_missing report
SSO_TODAY=2027-02-05 run 0 sso-ledger export --period 2027Q1
is ORG000002 archive_missing "report evaluation"

# --- filters: by code or name; one or the other
STREET_NAME=$(col ORG000001 street_name)
run 0 sso-ledger export --period 2026H1 --street "$STREET1"
out_has "ORG000001,"
for o in 2 3 4 6; do
	if [ "$(sqlite3 "$SSO_DB" "SELECT street FROM orgs WHERE id = $o")" = "$STREET1" ]; then
		out_has "ORG00000$o,"
	else
		out_lacks "ORG00000$o,"
	fi
done
N=$(wc -l <"$TMP/out")
run 0 sso-ledger export --period 2026H1 --street "$STREET_NAME"
out_lines "$N"
run 0 sso-ledger export --period 2026H1 --district "$DISTRICT1"
out_has "ORG000001,"
run 0 sso-ledger export --period 2026H1 --district 蓟州区
out_lines "$((1 + $(sqlite3 "$SSO_DB" "SELECT count(*) FROM orgs WHERE district = '120119' AND status <> 'rejected'")))"
COUNT=$((COUNT + 1))
[ -z "$(awk -F, 'NR > 1 && $3 != "120119"' "$TMP/out")" ] || fail "--district 蓟州区 lets others through"
run 64 sso-ledger export --period 2026H1 --street 没有这个街道
err_has "--street"
run 64 sso-ledger export --period 2026H1 --district 没有这个区
run 64 sso-ledger export --period 2026H1 --street "$STREET1" --district "$DISTRICT1"

# --- formats for spreadsheets and YAML
run 0 sso-ledger export --period 2026H1 --bom --headers zh
COUNT=$((COUNT + 1))
[ "$(head -c 3 "$TMP/out" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || fail "--bom: no BOM"
out_has "组织编号,组织名称,区（县）,街道（乡镇）,社区（村）,组织形式,类别,层级,发展阶段,状态,备案证书编号,成员人数,负责人,负责人电话"
out_has "本期活动次数,本期参与人次,档案齐全"
run 0 sso-ledger export --period 2026H1 --format tsv
out_has "$(printf 'org_id\tname\tdistrict\tstreet\tcommunity\tform\tcategory\ttier\tstage\tstatus\tcertificate\tmembers\t')"
run 0 sso-ledger export --period 2026H1 --format yaml
out_has "- org_id: ORG000001"
out_has "  activities: 4"
out_has "  archive_complete: true"
out_has "  archive_complete: ~"
out_has '  filed_on: "2026-01-13"'
run 64 sso-ledger export --period 2026H1 --format xml

# --- --unmask: the phone whole, and who saw it on the record
SSO_ACTOR= run 64 sso-ledger export --period 2026H1 --unmask
err_has "--unmask needs an actor"
run 0 sso-ledger export --period 2026H1 --unmask --as district:钱
is ORG000001 leader_phone "$PHONE"
run 0 sso-ledger export --period 2026 --events
out_has ',district:钱,unmask,,,"{""shown"":""ledger 2026H1""}"'

# --- --events: the period's event log, masked, filtered
run 0 sso-ledger export --period 2026Q1 --events
COUNT=$((COUNT + 1))
[ "$(head -1 "$TMP/out")" = "seq,day,at,actor,action,org,app,details,hash" ] || fail "--events header"
out_has ",2026-01-05,"
out_has ",2026-01-13,"
out_lacks ",2026-05-20,"
out_has ",sponsor:王秀兰,submit,ORG000001,APP000001,"
run 0 sso-ledger export --period 2026Q2 --events
out_has ',street:李明,revoke,ORG000003,,"{""reason"":""长期未开展活动""'
run 0 sso-ledger export --period 2026Q2 --events --street "$STREET1"
out_lacks ",import,"
# a phone number in an event's details is masked unless --unmask
run 0 sso-file revoke ORG000002 --reason "联系人电话13812345678未接通" --as street:李明
run 0 sso-ledger export --period 2026Q3 --events
out_has "联系人电话138****5678未接通"
out_lacks "13812345678"
run 0 sso-ledger export --period 2026Q3 --events --unmask
out_has "联系人电话13812345678未接通"

# --- a reader that stops early, and a full disk
COUNT=$((COUNT + 1))
sso-ledger export --period 2026 --events 2>pipe.err | head -1 >/dev/null
[ ! -s pipe.err ] || fail "a closed pipe must stay quiet: $(cat pipe.err)"
COUNT=$((COUNT + 1))
sso-ledger export --period 2026H1 >/dev/full 2>full.err
[ $? -eq 74 ] || fail "output to /dev/full must exit 74"
run 66 sso-ledger export --period 2026H1 --db nowhere.db

# --- the bureau's columns, in a store of their own: examples/filing.yaml
# (party_org none, a leader who is a party member) filed on 2026-04-09,
# changed in August; the activity group of examples/group.yaml, promoted
# and filed in August
export SSO_DB="$TMP/bureau.db" SSO_TODAY=2026-03-25
unset SSO_ACTOR
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml"
run 0 sso-file submit --as committee:刘主任 "$EX/group.yaml" # ORG000002, a group on 2026-03-25
to_certificate APP000001 2026-04-09
printf 'activity_id,org_id,date,participants,volunteer_hours\n' >hours.csv
printf 'h1,ORG000001,2026-01-20,10,1\nh2,ORG000001,2026-04-12,25,2.5\n' >>hours.csv
printf 'h3,ORG000001,2026-05-10,40,4\nh4,ORG000001,2026-07-02,7,100\n' >>hours.csv
printf 'h5,ORG000002,2026-05-11,9,\n' >>hours.csv
SSO_TODAY=2026-07-02 run 0 sso-ledger activities import hours.csv --as hub:张敏
export SSO_TODAY=2026-07-03
run 0 sso-ledger export --period 2026H1 --by-quarter --manifest h1.yaml
cp "$TMP/out" h1.csv
cp "$TMP/out" h1-again.csv
BYQ="$HEADER,activities_q1,activities_q2,participants_q1,participants_q2"
[ "$(head -1 h1.csv)" = "$BYQ" ] || fail "--by-quarter: the header is $(head -1 h1.csv)"
is ORG000001 party_org none
is ORG000001 leader_party_member 1
is ORG000001 volunteer_hours 7.5
is ORG000001 activities_q1 1
is ORG000001 activities_q2 2
is ORG000001 participants_q1 10
is ORG000001 participants_q2 65
is ORG000001 changed_on ""
is ORG000001 tier_changed_on 2026-04-09
is ORG000001 district_name 和平区
is ORG000001 street_name 五大道街道
is ORG000001 community_name 睦南道社区
is ORG000002 tier_changed_on 2026-03-25 # recorded as a group
is ORG000002 leader_party_member 0
is ORG000002 party_org ""              # its form does not say
is ORG000002 volunteer_hours 0
run 0 sso-ledger export --period 2026Q3 --by-quarter
COUNT=$((COUNT + 1))
[ "$(head -1 "$TMP/out")" = "$HEADER,activities_q3,participants_q3" ] || fail "--by-quarter of 2026Q3: $(head -1 "$TMP/out")"
is ORG000001 activities_q3 1
is ORG000001 volunteer_hours 100
run 0 sso-ledger export --period 2026 --headers zh --by-quarter
out_has "党组织,负责人是否党员,本期志愿服务时长,最近变更日期,层级变动日期,第一季度活动次数,第二季度活动次数,第三季度活动次数,第四季度活动次数,第一季度参与人次"
run 0 sso-ledger export --period 2026H1 --format yaml
out_has "  leader_party_member: true"
out_has "  volunteer_hours: 7.5"
out_has '  tier_changed_on: "2026-04-09"'
run 64 sso-ledger export --period 2026H1 --events --by-quarter
err_has "--by-quarter and --events"

# the manifest: the export's SHA-256 and rows, as of the period's end, and
# the last event on or before it
mval() { sed -n "s/^$2: \"\{0,1\}\([^\"]*\)\"\{0,1\}\$/\1/p" "$1"; }
mis() { # FILE KEY VALUE
	COUNT=$((COUNT + 1))
	[ "$(mval "$1" "$2")" = "$3" ] || fail "manifest $1: $2 is '$(mval "$1" "$2")', want '$3'"
}
mis h1.yaml sha256 "$(sha256sum h1.csv | cut -d' ' -f1)"
mis h1.yaml bytes "$(wc -c <h1.csv | tr -d ' ')"
mis h1.yaml rows 2
mis h1.yaml export ledger
mis h1.yaml period 2026H1
mis h1.yaml as_of 2026-06-30
mis h1.yaml format csv
mis h1.yaml street "~"
SEQ=$(sqlite3 "$SSO_DB" "SELECT max(seq) FROM events WHERE day <= '2026-06-30'")
HASH=$(sqlite3 "$SSO_DB" "SELECT hash FROM events WHERE seq = $SEQ")
[ "$SEQ" -lt "$(sqlite3 "$SSO_DB" "SELECT max(seq) FROM events")" ] || fail "the import of July must come after the head"
mis h1.yaml head_seq "$SEQ"
mis h1.yaml head_hash "$HASH"
mis h1.yaml head "$SEQ:$HASH"
# YAML's rows are its items
run 0 sso-ledger export --period 2026H1 --format yaml --manifest h1y.yaml
mis h1y.yaml rows 2
mis h1y.yaml format yaml
mis h1y.yaml sha256 "$(sha256sum "$TMP/out" | cut -d' ' -f1)"
run 0 sso-ledger export --period 2026H1 --bom --headers zh --manifest zh.yaml
mis zh.yaml sha256 "$(sha256sum "$TMP/out" | cut -d' ' -f1)"
mis zh.yaml rows 2
# --events: the period's events; its head is the last of them
run 0 sso-ledger export --period 2026H1 --events --manifest ev.yaml
mis ev.yaml export events
mis ev.yaml rows "$(sqlite3 "$SSO_DB" "SELECT count(*) FROM events WHERE day BETWEEN '2026-01-01' AND '2026-06-30'")"
mis ev.yaml head "$SEQ:$HASH"
mis ev.yaml sha256 "$(sha256sum "$TMP/out" | cut -d' ' -f1)"
COUNT=$((COUNT + 1))
[ "$(tail -1 "$TMP/out" | awk -F, '{ print $1 ":" $NF }')" = "$SEQ:$HASH" ] || fail "the events' last row is not the manifest's head"
# activities export: as of today, the head the log's last event
run 0 sso-ledger activities export --period 2026H1 --manifest acts.yaml
mis acts.yaml export activities
mis acts.yaml rows 4
mis acts.yaml as_of 2026-07-03
mis acts.yaml sha256 "$(sha256sum "$TMP/out" | cut -d' ' -f1)"
mis acts.yaml head_seq "$(sqlite3 "$SSO_DB" "SELECT max(seq) FROM events")"
run 0 sso-ledger activities export --street 五大道街道 --manifest acts.yaml
mis acts.yaml period "~"
mis acts.yaml street 五大道街道
mis acts.yaml rows 5
# a field with line breaks in it is one row of CSV, and of TSV
printf 'activity_id,org_id,date,participants,title
h6,ORG000001,2026-07-03,5,"第一行
第二行, 还有
""第三行"""
' >title.csv
run 0 sso-ledger activities import title.csv --as hub:张敏
for f in csv tsv yaml; do
	run 0 sso-ledger activities export --format $f --manifest acts-$f.yaml
	mis acts-$f.yaml rows 6
	mis acts-$f.yaml sha256 "$(sha256sum "$TMP/out" | cut -d' ' -f1)"
done
# the manifest is YAML the tools read: the config reader refuses its keys by name
run 78 sso-ledger check --config h1.yaml
err_has "h1.yaml"
# a manifest that cannot be created, or an export that cannot be written
snapshot
run 73 sso-ledger export --period 2026H1 --manifest nowhere/m.yaml
err_has "nowhere/m.yaml"
COUNT=$((COUNT + 1))
sso-ledger export --period 2026H1 --manifest full.yaml >/dev/full 2>full.err
[ $? -eq 74 ] || fail "an export to /dev/full with --manifest must exit 74"
[ ! -e full.yaml ] || fail "a manifest of an export that was not written must not be left"
unchanged

# --- a change after the period: the period's ledger still shows the
# version in force at its end; the next period's, the change
export SSO_TODAY=2026-08-01
printf 'kind: change\norg: ORG000001\nreason: 成立党支部\nchanges:\n  party_org: own\n' >party.yaml
printf '  leader: {name: 王秀兰, id_number: "11010519491231002X", phone: "13800138000", party_member: false}\n' >>party.yaml
run 0 sso-file submit --as sponsor:王秀兰 party.yaml
to_certificate APP000002 2026-08-10
promote_form >promote.yaml
run 0 sso-file promote ORG000002 promote.yaml --as committee:刘主任
to_certificate APP000003 2026-08-20
export SSO_TODAY=2026-09-01
run 0 sso-ledger export --period 2026H1 --by-quarter --manifest h1-again.yaml
# (the columns before them are the replay's: sso-ledger export as of a day)
COUNT=$((COUNT + 1))
[ "$(cut -d, -f1,27- "$TMP/out")" = "$(cut -d, -f1,27- h1.csv)" ] ||
	fail "the party, change and tier columns of 2026H1 moved with later events: $(cut -d, -f1,27- "$TMP/out")"
is ORG000001 party_org none
is ORG000001 leader_party_member 1
is ORG000001 changed_on ""
is ORG000002 tier_changed_on 2026-03-25
run 0 sso-ledger export --period 2026H2
is ORG000001 party_org own
is ORG000001 leader_party_member 0
is ORG000001 changed_on 2026-08-10
is ORG000001 tier_changed_on 2026-04-09
is ORG000002 tier_changed_on 2026-08-20 # filed
# sso-score reads the ledger with its new columns, by key or Chinese header
for h in en zh; do
	run 0 sso-ledger export --period 2026 --by-quarter --headers "$h"
	cp "$TMP/out" orgs-$h.csv
	run 0 sso-score activity --period 2026 --orgs orgs-$h.csv hours.csv
	out_has "ORG000001,4,82,"
done

# --- verify --head: what sso-ledger(1) advises, done as it says: keep each
# manifest's head; later, ask the store whether it still holds it
H1HEAD=$(mval h1.yaml head)
run 0 sso-ledger verify --head "$H1HEAD"
out_has "$(printf 'verified\tevent %s\t%s events' "$SEQ" "$SEQ")"
out_has "head $(sqlite3 "$SSO_DB" "SELECT seq || ':' || hash FROM events ORDER BY seq DESC LIMIT 1")"
run 0 sso-ledger export --period 2026H2 --events --manifest h2.yaml
H2HEAD=$(mval h2.yaml head)
SSO_TODAY=2027-01-05 run 0 sso-ledger attach ORG000001 report hours.csv --as hub:张敏
run 0 sso-ledger verify --head "$H1HEAD"
run 0 sso-ledger verify --head "$H2HEAD"
run 0 sso-ledger verify --head "0:0000000000000000000000000000000000000000000000000000000000000000"
UPPER=$(printf '%s' "$H1HEAD" | tr 'a-f' 'A-F')
run 0 sso-ledger verify --head "$UPPER"
# a malformed head is a usage error
for bad in "" "$SEQ" "x:$HASH" "$SEQ:" "$SEQ:abc" "-1:$HASH" "$SEQ:${HASH}0" "$SEQ:$(printf '%s' "$HASH" | tr 'a' 'g')" "0:$HASH"; do
	run 64 sso-ledger verify --head "$bad"
	err_has "--head"
done
cp "$SSO_DB" pristine.db
forge() { # SQL: the log edited behind sso's back, its triggers dropped
	cp pristine.db "$SSO_DB"
	sqlite3 "$SSO_DB" "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; $1"
}
# truncated: the log ends before the head; verify alone does not see it
LAST=$(sqlite3 "$SSO_DB" "SELECT max(seq) FROM events")
forge "DELETE FROM events WHERE seq > $SEQ - 2; DELETE FROM chunks; DELETE FROM documents WHERE id > (SELECT max(id) FROM documents) - 1"
run 1 sso-ledger verify --head "$H1HEAD"
out_has "$(printf 'truncated\tevent %s\t' "$SEQ")"
out_has "ends at event $((SEQ - 2)): the log was truncated"
# rewritten: cut before the head, and honest-looking events written after
# it again; the chain verifies, the head's event has another hash
forge "DELETE FROM events WHERE seq >= $SEQ"
N=0
while [ "$(sqlite3 "$SSO_DB" "SELECT max(seq) FROM events")" -lt "$SEQ" ] && [ $N -lt 50 ]; do
	N=$((N + 1))
	sso-ledger export --period 2026H1 --unmask --as district:钱 >/dev/null 2>&1
done
run 1 sso-ledger verify --head "$H1HEAD"
out_has "$(printf 'rewritten\tevent %s\tevent %s has hash ' "$SEQ" "$SEQ")"
out_has ", not $HASH: the history was rewritten at or before event $SEQ"
# an event before the head edited in place, or one deleted from the middle
forge "UPDATE events SET details = '{}' WHERE seq = 3"
run 1 sso-ledger verify --head "$H1HEAD"
out_has "$(printf 'broken\tevent 3\tevent 3 was changed after it was written')"
forge "DELETE FROM events WHERE seq = 5"
run 1 sso-ledger verify --head "$H1HEAD"
out_has "$(printf 'broken\tevent 5\tevent 5 is missing before the head')"
# an edit after the head is not the head's business (verify finds it)
forge "UPDATE events SET details = '{}' WHERE seq = $LAST"
run 0 sso-ledger verify --head "$H1HEAD"
run 1 sso-ledger verify
cp pristine.db "$SSO_DB"
run 66 sso-ledger verify --head "$H1HEAD" --db nowhere.db

finish
