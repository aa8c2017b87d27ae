#!/bin/sh
# ledger_activities.sh - sso-ledger activities import/export: RFC 4180 input,
# idempotence, every kind of bad row refused with its line and the store
# unchanged, the export's columns, periods, filters and masking; attach/list.
. "$(dirname "$0")/lib/testlib.sh"
. "$SSO_SRC/tests/cmd/lib/ledger_orgs.sh"

# three filed organizations
submit_forms 3 11
to_notice APP000001 APP000002 APP000003
certify APP000001 APP000002 APP000003
export SSO_TODAY=2026-07-15 SSO_ACTOR=hub:张敏
STREET1=$(sqlite3 "$SSO_DB" "SELECT street FROM orgs WHERE id = 1")
COMM1=$(sqlite3 "$SSO_DB" "SELECT community FROM orgs WHERE id = 1")

# --- a good file: RFC 4180 quoting, a newline in a field, CRLF, a BOM
printf '\357\273\277activity_id,org_id,date,participants,title,note\r\n' >good.csv
printf 'A-001,ORG000001,2026-01-20,25,"合唱排练, 第一次",ignored\r\n' >>good.csv
printf 'A-002,org000002,2026-02-03,12,"他说""好""",x\r\n' >>good.csv
printf 'A-003,3,2026-04-10,0,"两行\n标题",\r\n' >>good.csv
printf '\r\n' >>good.csv
printf ' A-004 , ORG000001 , 2026-07-01 , 30 ,夏季,\r\n' >>good.csv
run 0 sso-ledger activities import good.csv
out_is "$(printf 'good.csv\t4 rows\t4 added\t0 unchanged\t0 bad')"
err_is_empty
run 0 sso-ledger activities export
out_is "activity_id,org_id,date,participants,street,community,kind,title,volunteer_hours
A-001,ORG000001,2026-01-20,25,$STREET1,$COMM1,,\"合唱排练, 第一次\",
A-002,ORG000002,2026-02-03,12,$(sqlite3 "$SSO_DB" "SELECT street || ',' || community FROM orgs WHERE id = 2"),,\"他说\"\"好\"\"\",
A-003,ORG000003,2026-04-10,0,$(sqlite3 "$SSO_DB" "SELECT street || ',' || community FROM orgs WHERE id = 3"),,\"两行
标题\",
A-004,ORG000001,2026-07-01,30,$STREET1,$COMM1,,夏季,"
run 0 sso-file history ORG000001 --events
out_lacks ",import,"
run 0 sso-ledger export --period 2026 --events
out_has ',hub:张敏,import,,,"{""import"":1,""file"":""good.csv""'

# --- importing it again changes nothing at all
snapshot
run 0 sso-ledger activities import good.csv
out_is "$(printf 'good.csv\t4 rows\t0 added\t4 unchanged\t0 bad')"
unchanged
# its own export, imported back, is the same data
run 0 sso-ledger activities export
cp "$TMP/out" exported.csv
run 0 sso-ledger activities import exported.csv
out_is "$(printf 'exported.csv\t4 rows\t0 added\t4 unchanged\t0 bad')"
unchanged
# and so are Chinese headers (--headers zh) in another column order
run 0 sso-ledger activities export --headers zh --bom
cp "$TMP/out" zh.csv
run 0 sso-ledger activities import zh.csv
out_has "0 added	4 unchanged"
unchanged

# --- refused files: each bad row named with its line, nothing written
bad() { # NAME CONTENT: a file with the good header and the given rows
	printf 'activity_id,org_id,date,participants,volunteer_hours,community\n%s' "$2" >"$1"
}
refused() { # FILE MESSAGE
	snapshot
	run 65 sso-ledger activities import "$1"
	err_has "$2"
	err_has "nothing was written"
	# the summary does not claim rows that were refused with the file
	COUNT=$((COUNT + 1))
	! grep -qE '	[1-9][0-9]* added' "$TMP/out" || fail "$CUR: stdout claims rows added"
	unchanged
}
bad conflict.csv 'B-1,ORG000001,2026-03-01,5,,
A-001,ORG000001,2026-01-20,26,,
'
refused conflict.csv "conflict.csv:3: activity A-001 conflicts with the one recorded from good.csv:2: it has participants 25, not 26"
bad dup.csv 'C-1,ORG000001,2026-03-01,5,,
C-1,ORG000002,2026-03-01,5,,
'
refused dup.csv "dup.csv:3: activity C-1 conflicts with the one recorded from dup.csv:2: it has organization ORG000001, not ORG000002"
bad unknown.csv 'D-1,ORG000009,2026-03-01,5,,
'
refused unknown.csv "unknown.csv:2: no organization ORG000009 in"
bad notorg.csv 'D-1,XYZ12,2026-03-01,5,,
'
refused notorg.csv "notorg.csv:2: org_id: "
bad date.csv 'E-1,ORG000001,2026-02-30,5,,
E-2,ORG000001,2026/03/01,5,,
E-3,ORG000001,2026-07-16,5,,
'
refused date.csv "date.csv:2: date '2026-02-30' is not a real date"
err_has "date.csv:3: date '2026/03/01' is not a real date"
err_has "date.csv:4: date 2026-07-16 is after today (2026-07-15)"
bad participants.csv 'F-1,ORG000001,2026-03-01,-3,,
F-2,ORG000001,2026-03-01,很多,,
F-3,ORG000001,2026-03-01,,,
F-4,ORG000001,2026-03-01,2.5,,
'
refused participants.csv "participants.csv:2: participants must be a whole number of 0 or more, not '-3'"
err_has "participants.csv:3: participants must be a whole number"
err_has "participants.csv:4: participants must be a whole number"
err_has "participants.csv:5: participants must be a whole number"
err_has "4 of 4 rows are bad"
bad hours.csv 'G-1,ORG000001,2026-03-01,3,-1,
G-2,ORG000001,2026-03-01,3,nan,
'
refused hours.csv "hours.csv:2: volunteer_hours must be a number of at least 0, not '-1'"
err_has "hours.csv:3: volunteer_hours"
bad ragged.csv 'H-1,ORG000001,2026-03-01,3,,
H-2,ORG000001,2026-03-01
H-3,ORG000001,2026-03-01,3,,,extra
'
refused ragged.csv "ragged.csv:3: the row has 3 fields where the header has 6"
err_has "ragged.csv:4: the row has 7 fields where the header has 6"
bad place.csv 'I-1,ORG000001,2026-03-01,3,,没有这个社区
'
refused place.csv "place.csv:2: no community '没有这个社区'"
printf 'A-9,ORG000001,2026-03-01,5\n' >noheader.csv
refused noheader.csv "noheader.csv:1: the header has no column 'activity_id'"
printf 'activity_id,org_id,date\nA-9,ORG000001,2026-03-01\n' >nocol.csv
refused nocol.csv "nocol.csv:1: the header has no column 'participants'"
: >empty.csv
snapshot
run 65 sso-ledger activities import empty.csv
err_has "empty.csv:1: no header row"
unchanged
printf 'activity_id,org_id,date,participants\nJ-1,ORG000001,2026-03-01,"5\n' >quote.csv
snapshot
run 65 sso-ledger activities import quote.csv
err_has "quote.csv:2: a quoted field is never closed"
unchanged
printf 'activity_id,org_id,date,participants,title\nK-1,ORG000001,2026-03-01,5,\000\n' >nul.csv
snapshot
run 65 sso-ledger activities import nul.csv
err_has "NUL"
unchanged

# GBK: refused unless asked for, then read as UTF-8 would be
printf 'activity_id,org_id,date,participants,title\nL-1,ORG000001,2026-03-01,5,合唱排练\n' | iconv -f UTF-8 -t GBK >gbk.csv
snapshot
run 65 sso-ledger activities import gbk.csv
err_has "GBK"
unchanged
run 0 sso-ledger activities import --encoding gbk gbk.csv
out_has "1 added"
run 0 sso-ledger activities export --period 2026Q1
out_has "L-1,ORG000001,2026-03-01,5,$STREET1,$COMM1,,合唱排练,"

# an activity after its organization ended
run 0 sso-file revoke ORG000003 --reason 长期未开展活动 --as street:李明
printf 'activity_id,org_id,date,participants\nM-1,ORG000003,2026-07-15,5\nM-2,ORG000003,2026-07-16,5\n' >ended.csv
SSO_TODAY=2026-07-16 refused ended.csv "ended.csv:3: ORG000003 ended on 2026-07-15: an activity on 2026-07-16 cannot be its"
COUNT=$((COUNT + 1))
grep -q "ended.csv:2" "$TMP/err" && fail "an activity on the day an organization ended is its own"
export SSO_TODAY=2026-07-15

# the same file on standard input, and many bad rows counted past the first 100
STDIN=good.csv run 0 sso-ledger activities import
out_is "$(printf -- '-\t4 rows\t0 added\t4 unchanged\t0 bad')"
{
	echo "activity_id,org_id,date,participants"
	i=0
	while [ $i -lt 150 ]; do echo "N-$i,ORG000009,2026-03-01,1"; i=$((i + 1)); done
} >many.csv
refused many.csv "many.csv: and 50 more bad rows"

# --- --keep-going writes the good rows, and still exits 65
bad some.csv 'O-1,ORG000001,2026-03-01,5,,
O-2,ORG000009,2026-03-01,5,,
O-3,ORG000002,2026-03-01,7,1.5,
'
run 65 sso-ledger activities import --keep-going some.csv
out_is "$(printf 'some.csv\t3 rows\t2 added\t0 unchanged\t1 bad')"
err_has "some.csv:3: no organization ORG000009"
err_has "1 of 3 rows are bad; the others were written"
# a batch of files: one transaction each
bad fine.csv 'P-1,ORG000002,2026-05-01,9,,
'
run 65 sso-ledger activities import unknown.csv fine.csv
out_has "$(printf 'fine.csv\t1 rows\t1 added')"
err_has "unknown.csv:2: no organization ORG000009"

# --- who may import, and the store needed
snapshot
run 1 sso-ledger activities import --as analyst:赵 fine.csv
err_has "you act as analyst:赵"
unchanged
SSO_ACTOR= run 64 sso-ledger activities import fine.csv
err_has "needs an actor"
run 66 sso-ledger activities import missing.csv
err_has "missing.csv"
run 66 sso-ledger activities export --db nowhere.db
run 64 sso-ledger activities frobnicate
run 64 sso-ledger activities export --period 2026Q5
err_has "'2026Q5' is not a period"
run 0 sso-ledger activities --help
out_has "activities import"

# --- the export: periods, filters, masking, formats
printf 'activity_id,org_id,date,participants,title,volunteer_hours\nQ-1,ORG000002,2025-12-31,3,电话13912345678报名,2\nQ-2,ORG000002,2026-10-01,3,,\n' >edge.csv
run 65 sso-ledger activities import edge.csv
err_has "edge.csv:3: date 2026-10-01 is after today"
SSO_TODAY=2026-10-01 run 0 sso-ledger activities import edge.csv
run 0 sso-ledger activities export --period 2025
out_is "activity_id,org_id,date,participants,street,community,kind,title,volunteer_hours
Q-1,ORG000002,2025-12-31,3,$(sqlite3 "$SSO_DB" "SELECT street || ',' || community FROM orgs WHERE id = 2"),,电话139****5678报名,2"
run 0 sso-ledger activities export --period 2026H2
out_lines 3
out_has "A-004,"
out_has "Q-2,"
run 0 sso-ledger activities export --period 2026Q4
out_lines 2
run 0 sso-ledger activities export --period 2026Q2
out_has "A-003,"
out_has "P-1,"
out_lines 4 # A-003's title holds a newline
# --unmask shows the number, and records who saw it
SSO_ACTOR= run 64 sso-ledger activities export --period 2025 --unmask
err_has "--unmask needs an actor"
SSO_ACTOR=district:钱 run 0 sso-ledger activities export --period 2025 --unmask
out_has "电话13912345678报名"
run 0 sso-ledger export --period 2026 --events
out_has 'district:钱,unmask,,,"{""shown"":""activities""}"'
# filters on the organization's street or district
run 0 sso-ledger activities export --street "$STREET1"
out_has "A-001,"
out_lacks ",ORG000002,"
DISTRICT2=$(sqlite3 "$SSO_DB" "SELECT district FROM orgs WHERE id = 2")
run 0 sso-ledger activities export --district "$DISTRICT2" --format yaml
out_has "org_id: ORG000002"
out_has "participants: 3"
out_has "volunteer_hours: 2"
run 64 sso-ledger activities export --street 没有这个街道
run 64 sso-ledger activities export --street "$STREET1" --district "$DISTRICT2"
run 0 sso-ledger activities export --format tsv
out_has "$(printf 'A-003\tORG000003\t2026-04-10\t0\t')"
out_has '两行\n标题'

# --- attach and list
printf '测评报告\n' >eval.txt
run 0 sso-ledger attach ORG000001 evaluation eval.txt --result 优秀 --date 2026-06-30
out_has "ORG000001	evaluation"
snapshot
run 64 sso-ledger attach ORG000001 evaluation eval.txt
err_has "an evaluation needs its result"
run 64 sso-ledger attach ORG000001 minutes eval.txt
err_has "unknown document kind 'minutes'"
run 64 sso-ledger attach ORG000001 report eval.txt --result 好
run 64 sso-ledger attach ORG000001 report eval.txt --date 2026-07-16
err_has "--date is after today"
run 64 sso-ledger attach ORG000001 report eval.txt --date 2026-13-01
run 65 sso-ledger attach ORG000009 report eval.txt
err_has "no organization ORG000009"
run 66 sso-ledger attach ORG000001 report nosuch.txt
run 1 sso-ledger attach ORG000001 report eval.txt --as sponsor:王秀兰
err_has "the archive is kept by"
run 64 sso-ledger attach ORG000001 report
unchanged
STDIN=eval.txt run 0 sso-ledger attach ORG000002 handling - --name 处理意见.txt --result 警告
run 0 sso-ledger list ORG000001 --kind evaluation
out_lines 2
out_has ",ORG000001,evaluation,eval.txt,13,"
out_has ",2026-06-30,优秀,,2026-07-15,"
out_has ",hub:张敏"
run 0 sso-ledger list --kind handling
out_has ",ORG000002,handling,处理意见.txt,13,"
out_has ",警告,"
run 0 sso-ledger list
out_lines "$(($(sqlite3 "$SSO_DB" "SELECT count(*) FROM documents") + 1))"
run 64 sso-ledger list --kind minutes

# --- progress: on a terminal only
"$GEN" activities 70000 --orgs 2 >big.csv
COUNT=$((COUNT + 1))
script -qec "sso-ledger activities import big.csv" /dev/null >tty.out 2>&1
grep -q "sso-ledger: big.csv: 65536" tty.out || fail "no progress on a terminal: $(head -c 300 tty.out)"
COUNT=$((COUNT + 1))
grep -q "70000 added" tty.out || fail "the import on a terminal: $(head -c 300 tty.out)"
run 0 sso-ledger activities export --period 2026Q1
err_is_empty
COUNT=$((COUNT + 1))
script -qec "sso-ledger activities export -q >/dev/null" /dev/null >tty.out 2>&1
[ ! -s tty.out ] || fail "-q must silence progress: $(head -c 300 tty.out)"

finish
