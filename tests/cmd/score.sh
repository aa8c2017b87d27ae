#!/bin/sh
# score.sh - sso-score on real files: results, the order of rows, exit codes,
# and every kind of bad input refused with its line and no output.
. "$SSO_TESTS/cmd/lib/testlib.sh"
GEN="$SSO_BIN/../tests/sso-gen"
cp "$EX"/orgs.csv "$EX"/activities.csv "$EX"/platform-scores.csv "$EX"/satisfaction.csv \
	"$EX"/group.yaml .
H=activity_id,org_id,date,participants

# ---- activity ----
run 0 sso-score activity --orgs orgs.csv activities.csv
out_is "org_id,activities,participants,quarters_active,active,every_quarter,index
ORG000001,4,130,4,1,1,56.3
ORG000002,2,22,2,1,0,36.4
ORG000003,1,8,1,1,0,34.1
ORG000004,0,0,0,0,0,0.0
ORG000005,3,50,3,1,0,45.0"
err_has "12 rows read, 10 counted; skipped 1 outside 2026 and 1 from 1 organization not in the list"

STDIN=activities.csv run 0 sso-score activity -q --orgs orgs.csv --by street
out_is "street,orgs,active,active_rate,every_quarter,every_quarter_rate,mean_index,targets_met
120101001,2,2,1.0000,1,0.5000,46.4,1
120101002,2,1,0.5000,0,0.0000,17.1,0
120119100,1,1,1.0000,0,0.0000,45.0,0"
err_is_empty

run 0 sso-score activity -q --orgs orgs.csv --by district activities.csv
out_has "120101,4,3,0.7500,1,0.2500,31.7,0"

# a quarter: 2026Q4 (October to December) keeps A0004 only
run 0 sso-score activity -q --orgs orgs.csv --period 2026Q4 activities.csv
out_has "ORG000001,1,35,1,1,1,"
out_has "ORG000005,0,0,0,0,0,0.0"
run 0 sso-score activity -q --orgs orgs.csv --period 2025 activities.csv
out_has "ORG000001,1,28,1,1,0,"
# the default period is the year of $SSO_TODAY
SSO_TODAY=2025-07-01 run 0 sso-score activity -q --orgs orgs.csv activities.csv
out_has "ORG000001,1,28,1,1,0,"

# YAML and TSV, Chinese headers, BOM
run 0 sso-score activity -q --orgs orgs.csv --format yaml activities.csv
out_has "- org_id: ORG000001"
out_has "  active: true"
run 0 sso-score activity -q --orgs orgs.csv --headers zh --bom activities.csv
out_has "组织编号,活动次数,参与人次"
[ "$(head -c 3 "$TMP/out" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "no BOM"

# several inputs are one stream
head -6 activities.csv >a1.csv
{ head -1 activities.csv; tail -n +7 activities.csv; } >a2.csv
run 0 sso-score activity -q --orgs orgs.csv a1.csv a2.csv
out_has "ORG000001,4,130,4,1,1,56.3"

# the organization list from the store (it never creates one)
run 66 sso-score activity --db nostore.db activities.csv
err_has "nostore.db"
[ ! -f nostore.db ] || fail "a read created the store"
run 64 sso-score activity --orgs orgs.csv --db x.db activities.csv
run 64 sso-score activity --orgs orgs.csv --by county activities.csv
run 64 sso-score activity --orgs orgs.csv --period 2026H3 activities.csv
run 64 sso-score activity --orgs orgs.csv --threads 0 activities.csv
run 66 sso-score activity --orgs missing.csv activities.csv
run 66 sso-score activity --orgs orgs.csv missing.csv

# ---- bad input: an error with its line, nothing on stdout ----
bad() { # WANT_ERR CSV-TEXT
	printf '%b' "$2" >bad.csv
	run 65 sso-score activity --orgs orgs.csv bad.csv
	err_has "$1"
	out_lines 0
}
bad "bad.csv:3: date '2026-02-29' is not a real date" "$H\nA1,ORG000001,2026-01-05,3\nA2,ORG000001,2026-02-29,3\n"
bad "bad.csv:2: date '2026/01/05' is not a real date" "$H\nA1,ORG000001,2026/01/05,3\n"
bad "bad.csv:2: participants must be a whole number of 0 or more, not '-3'" "$H\nA1,ORG000001,2026-01-05,-3\n"
bad "bad.csv:2: participants must be a whole number of 0 or more, not '3.5'" "$H\nA1,ORG000001,2026-01-05,3.5\n"
bad "bad.csv:2: participants must be a whole number of 0 or more, not 'x'" "$H\nA1,ORG000001,2026-01-05,x\n"
bad "bad.csv:3: the row has 3 fields where the header has 4" "$H\nA1,ORG000001,2026-01-05,3\nA2,ORG000001,2026-01-05\n"
bad "bad.csv:2: the row has 5 fields where the header has 4" "$H\nA1,ORG000001,2026-01-05,3,extra\n"
bad "bad.csv:1: the header has no column 'participants'" "activity_id,org_id,date\nA1,ORG000001,2026-01-05\n"
bad "bad.csv:2: a quoted field is never closed" "$H\nA1,ORG000001,\"2026-01-05,3\nA2,ORG000001,2026-01-05,3\n"
bad "bad.csv:3: malformed quoting" "$H\nA1,ORG000001,2026-01-05,3\nA2,OR\"G1,2026-01-05,3\n"
bad "bad.csv:2: the text is not UTF-8; it looks like GBK" "$H,title\nA1,ORG000001,2026-01-05,3,\316\304\273\257\n"
bad "no header row" ""
# every bad row is reported, not only the first
bad "bad.csv:4: date" "$H\nA1,ORG000001,2026-13-01,3\nA2,ORG000001,2026-01-05,3\nA3,ORG000001,2026-00-10,3\n"
err_has "bad.csv:2: date '2026-13-01'"
err_has "2 malformed rows: nothing was scored"
# GBK given as such is read; the organization list beside it is an
# sso-ledger export, UTF-8 (here with Chinese names and a BOM) whatever the data
printf '%s,title\nA1,ORG000001,2026-01-05,3,\316\304\273\257\n' "$H" >gbk.csv
{ printf '\357\273\277'; sed '1s/$/,name/; 2,$s/$/,社区服务队/' orgs.csv; } >orgs-zh.csv
run 0 sso-score activity -q --encoding gbk --orgs orgs-zh.csv gbk.csv
out_has "ORG000001,1,3,1,1,0,"
# a bad organization list
printf 'org_id,street,district\nORG1,S,D\n' >list.csv
run 65 sso-score activity --orgs list.csv activities.csv
err_has "list.csv:1: the header has no column 'members'"
printf 'org_id,street,district,members\nORG1,S,D,-2\nORG1,S,D,3\nORG1,S,D,3\n' >list.csv
run 65 sso-score activity --orgs list.csv activities.csv
err_has "list.csv:2: members must be a whole number of 0 or more, not '-2'"
err_has "list.csv:4: organization ORG1 is listed twice"
out_lines 0

# ---- several --orgs lists (the ledgers of several streets), merged ----
# street 120101001's ledger (ORG000001, ORG000002) and 120101002's and the
# rest (ORG000002 again, as both streets listed it, ORG000003..5)
sed -n 1,3p orgs.csv >street1.csv
{ sed -n 1p orgs.csv; sed -n '3,$p' orgs.csv; } >street2.csv
run 0 sso-score activity --orgs orgs.csv activities.csv
cp "$TMP/out" whole.out
cp "$TMP/err" whole.err
run 0 sso-score activity --orgs street1.csv --orgs street2.csv activities.csv
COUNT=$((COUNT + 1))
cmp -s whole.out "$TMP/out" || fail "two lists, ORG000002 in both alike: not the result of one"
COUNT=$((COUNT + 1))
cmp -s whole.err "$TMP/err" || fail "two lists: another summary"
# the same list twice, or one without ORG000002 and one whose columns come
# in another order, or with Chinese headers: the same organizations
run 0 sso-score activity -q --orgs street1.csv --orgs street1.csv activities.csv
out_lines 3
awk -F, -v OFS=, '{ t = $1; $1 = $2; $2 = t; print }' street2.csv >swapped.csv
run 0 sso-score activity --orgs street1.csv --orgs swapped.csv activities.csv
COUNT=$((COUNT + 1))
cmp -s whole.out "$TMP/out" || fail "a list with its columns swapped: another result"
# a list of fewer columns agrees on those it has
cut -d, -f1-4,12 street2.csv >narrow.csv
run 0 sso-score activity --orgs street1.csv --orgs narrow.csv activities.csv
COUNT=$((COUNT + 1))
cmp -s whole.out "$TMP/out" || fail "a narrower list: another result"
# ORG000002 with another member count in the second list: refused, both
# files and lines named, nothing printed
sed 's/^\(ORG000002,.*\),12,2,22,1$/\1,13,2,22,1/' street2.csv >other.csv
COUNT=$((COUNT + 1))
! cmp -s street2.csv other.csv || fail "other.csv: the edit did not take"
run 65 sso-score activity --orgs street1.csv --orgs other.csv activities.csv
out_lines 0
err_has "other.csv:2: organization ORG000002 is listed in street1.csv (line 3) with other data"
err_has "other.csv: 1 organization is listed twice"
# ... or in another community; in a narrow list too
sed 's/^\(ORG000002,[^,]*,120101,120101001,\)120101001002/\1120101001003/' street2.csv >moved.csv
run 65 sso-score activity --orgs street1.csv --orgs moved.csv activities.csv
err_has "moved.csv:2: organization ORG000002 is listed in street1.csv (line 3) with other data"
out_lines 0
cut -d, -f1-4,12 other.csv >narrow-other.csv
run 65 sso-score activity --orgs narrow-other.csv --orgs street1.csv activities.csv
err_has "street1.csv:3: organization ORG000002 is listed in narrow-other.csv (line 2) with other data"
out_lines 0
# twice in one of the lists is still refused, whatever the other
{ cat street1.csv; sed -n 3p orgs.csv; } >twice.csv
run 65 sso-score activity --orgs twice.csv --orgs street2.csv activities.csv
err_has "twice.csv:4: organization ORG000002 is listed twice (first on line 3)"
out_lines 0
# a missing list among them: exit 66, nothing printed
run 66 sso-score activity --orgs street1.csv --orgs nowhere.csv activities.csv
out_lines 0

# ---- two threads read a file as one does ----
"$GEN" score-orgs 3000 >big-orgs.csv
"$GEN" score-activities 3000 80000 >big.csv
# a title whose quoted line breaks span the middle of the file, where the
# threads split it: the first thread notices and reads on
size=$(wc -c <big.csv)
LC_ALL=C awk -v half=$((size / 2)) '
	BEGIN { for (i = 0; i < 50; i++) t = t "line " i "\n" }
	!done && pos + length($0) + 1 > half - 200 { sub(/,[^,]*,[^,]*$/, ",\"" t "\",1"); done = 1 }
	{ pos += length($0) + 1; print }' big.csv >big2.csv
for f in big.csv big2.csv; do
	run 0 sso-score activity --orgs big-orgs.csv --threads 1 --by street $f
	cp "$TMP/out" one.out
	cp "$TMP/err" one.err
	run 0 sso-score activity --orgs big-orgs.csv --threads 2 --by street $f
	COUNT=$((COUNT + 1))
	cmp -s one.out "$TMP/out" || fail "$f: two threads print another result"
	cmp -s one.err "$TMP/err" || fail "$f: two threads say another summary"
done
# a bad row in the second half is named by its line in the whole file
awk 'NR == 70000 { sub(/,20[0-9][0-9]-/, ",2026-02-31x") } { print }' big.csv >big3.csv
run 65 sso-score activity --orgs big-orgs.csv --threads 2 big3.csv
err_has "big3.csv:70000: date"
out_lines 0

# | head does not make an error message
sso-score activity -q --orgs big-orgs.csv big.csv 2>head.err | head -1 >/dev/null
COUNT=$((COUNT + 1))
[ ! -s head.err ] || fail "a closed pipe made a message: $(cat head.err)"

# ---- eval ----
run 0 sso-score eval --rubric platform platform-scores.csv
out_has "120101001,15,10,9,10,12,16,18,4.5,94.5,demonstration,示范型"
out_has "120101002,13,8,8,9,10,13,11,3,75.0,complete,完善型"
out_has "120119100,12,6,5,8,8,10,9,3.5,61.5,improvement,提升型"
# band edges as printed: 89.9 complete, 90 demonstration, 74.9 improvement
H8=physical_operation,professional_operation,dedicated_funds,party_building,cultivation,hub_role,professional_service,social_evaluation
printf 'id,%s\na,15,10,10,10,12,18,10,4.9\nb,15,10,10,10,12,18,10,5\nc,15,10,10,10,12,18,0,0\nd,15,10,10,10,12,18,10,4.95\ne,15,10,10,10,12,13,0,4.9\n' "$H8" >edges.csv
run 0 sso-score eval --rubric platform edges.csv
out_has "a,15,10,10,10,12,18,10,4.9,89.9,complete,"
out_has "b,15,10,10,10,12,18,10,5,90.0,demonstration,"
out_has "c,15,10,10,10,12,18,0,0,75.0,complete,"
out_has "d,15,10,10,10,12,18,10,4.95,90.0,demonstration,"
out_has "e,15,10,10,10,12,13,0,4.9,74.9,improvement,"
printf 'id,%s\nx,15,10,10,10,12,18,0,0\ny,14.9,10,10,10,12,18,0,0\n' "$H8" >edges2.csv
run 0 sso-score eval --rubric platform edges2.csv
out_has "x,15,10,10,10,12,18,0,0,75.0,complete"
out_has "y,14.9,10,10,10,12,18,0,0,74.9,improvement"
run 0 sso-score eval --rubric platform --headers zh edges2.csv
out_has "id,实体运作,专业运营"
run 65 sso-score eval --rubric "$SSO_SRC/rubrics/comprehensive.yaml" /dev/null
err_has "no header row"
# bad scores
printf 'id,%s\na,16,10,10,10,12,18,10,5\nb,15,10,10,10,12,18,10,-1\nc,15,10,10,10,12,18,10\n' "$H8" >badscores.csv
run 65 sso-score eval --rubric platform badscores.csv
err_has "badscores.csv:2: physical_operation: the score 16 is above the item's maximum, 15"
err_has "badscores.csv:3: social_evaluation: the score -1 is negative"
err_has "badscores.csv:4: the row has 8 fields where the header has 9"
out_lines 0
printf 'id,physical_operation\na,3\n' >short.csv
run 65 sso-score eval --rubric platform short.csv
err_has "short.csv:1: the header has no column 'professional_operation'"
# bad rubric files, named by file and line
printf 'name: r\ntitle: R\nitems:\n  - {key: a, label: A, max: 5}\n  - {key: a, label: B, max: 5}\n' >dup.yaml
run 65 sso-score eval --rubric dup.yaml short.csv
err_has "dup.yaml:5:"
err_has "item key 'a' is used twice"
printf 'name: r\ntitle: R\nitems:\n  - {key: a, label: A, max: 5}\ngrades:\n  - {min: 1, key: lo, label: L}\n  - {min: 4, key: hi, label: H}\n' >order.yaml
run 65 sso-score eval --rubric order.yaml short.csv
err_has "order.yaml:7:"
run 66 sso-score eval --rubric nothere.yaml short.csv
run 64 sso-score eval --rubric nonesuch short.csv
err_has "platform, comprehensive, satisfaction"
run 64 sso-score eval platform-scores.csv
# a rubric directory in the configuration
mkdir rub
printf 'name: platform\ntitle: ours\nitems:\n  - {key: a, label: A, max: 5}\n' >rub/platform.yaml
printf 'rubrics:\n  path: [rub]\n' >sso.yaml
printf 'id,a\nx,4\n' >mine.csv
run 0 sso-score eval --rubric platform mine.csv
out_has "x,4,4.0,,"
rm sso.yaml
printf 'rubrics:\n  paths: [rub]\n' >bad.yaml
run 78 sso-score eval --config bad.yaml --rubric platform mine.csv
err_has "bad.yaml:2:3: unknown key 'paths'"

# ---- satisfaction ----
run 0 sso-score satisfaction satisfaction.csv
out_is "org_id,raters,committee,resident_rep,unit,satisfaction
ORG000001,6,90.0,85.0,95.0,89.0
ORG000003,2,78.0,82.0,,80.0"
printf 'org_id,rater_group,score\nO1,committee,100.5\nO1,friends,80\nO1,unit,abc\n' >badsat.csv
run 65 sso-score satisfaction badsat.csv
err_has "badsat.csv:2: committee: the score 100.5 is above the item's maximum, 100"
err_has "badsat.csv:3: rater_group 'friends' is none of"
err_has "badsat.csv:4: unit: 'abc' is not a score"
out_lines 0
run 64 sso-score satisfaction --rubric platform satisfaction.csv
err_has "weighted_mean"

# ---- targets ----
run 66 sso-score targets
err_has "sso.db"
run 0 sso-file submit --as committee:刘主任 group.yaml
run 0 sso-score targets --by community
out_has "120101001002,马场道社区,120101001,120101,urban,1,5,0"
out_has "120119100201,北关村,120119100,120119,rural,0,2,0"
run 0 sso-score targets --by street
out_has "120101001,五大道街道,120101,3,1,0,0"
run 0 sso-score targets
out_has "120101,和平区,5,1,5,0.2,0,0,0,0,0.0,1,2,0,0.0000,0,0"
out_has "total,合计,5,1,5,0.2,0,2,0,2,0.0,0,3,0,0.0000,0,0"
run 1 sso-score targets --strict
err_has "target missed: 5 urban communities below the minimum of 5"
err_has "target missed: 0 of 3 streets (0.0000) have a hub organization; the target is 0.85"
# targets from the configuration: nothing required, nothing missed
printf 'targets:\n  urban: {min: 0, average: 0}\n  rural: {min: 0, average: 0}\n  hub_street_share: 0\n' >easy.yaml
run 0 sso-score targets --strict --config easy.yaml
out_has "total,合计,5,1,0,0.2,1,2,0,0,0.0,1,3,0,0.0000,1,1"
run 64 sso-score targets --by town

finish
