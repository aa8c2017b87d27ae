#!/bin/sh
# personal.sh - no ID number or phone number of anyone in the store appears in
# any output of any command (stdout and stderr) unless --unmask is given; the
# store is private to its owner.
. "$(dirname "$0")/../cmd/lib/testlib.sh"
GEN="$SSO_BIN/../tests/sso-gen"

export SSO_TODAY=2026-06-30
"$GEN" forms 30 --seed 51 >people.yaml
SSO_TODAY=2026-03-05 run 0 sso-file submit --as sponsor:甲 people.yaml "$EX/filing.yaml" "$EX/service-org.yaml"
"$GEN" lifecycle 2026-03-05 >/dev/null || exit 1
run 0 sso-file submit --as committee:乙 "$EX/group.yaml"
# every ID and phone number the forms hold
cat people.yaml "$EX"/*.yaml | grep -o '"[0-9]\{17\}[0-9X]"\|"1[3-9][0-9]\{9\}"\|"0[0-9]\{2,3\}-[0-9]\{7,8\}"' |
	tr -d '"' | sort -u >secrets.txt
ID=$(grep -m1 '^[0-9]\{17\}' secrets.txt)
PHONE=$(grep -m1 '^1[3-9]' secrets.txt)
COUNT=$((COUNT + 1))
[ "$(wc -l <secrets.txt)" -gt 100 ] || fail "too few numbers to look for: $(wc -l <secrets.txt)"
# activities whose titles carry someone's numbers, as clerks do write them
printf 'activity_id,org_id,date,participants,title\nP1,ORG000001,2026-03-01,12,联系人%s 电话%s\n' "$ID" "$PHONE" >acts.csv
run 0 sso-ledger activities import --as hub:丙 acts.csv
printf '报告 联系电话 %s\n' "$PHONE" >report.txt
run 0 sso-ledger attach ORG000002 report report.txt --as hub:丙 --date 2026-06-01
# a bad form that names a person's number in its error
sed "s/11010519491231002X/110105194912310021/" "$EX/filing.yaml" >bad.yaml

: >all.out
every() { # run a command, keep all it prints
	"$@" >>all.out 2>&1
	COUNT=$((COUNT + 1))
}
for f in csv tsv yaml; do
	every sso-file list --format $f
	every sso-file list --apps --format $f
	every sso-file show ORG000001 --format $f
	every sso-file show APP000001 --format $f
	every sso-file show ORG000033 --format $f
	every sso-file history ORG000001 --format $f
	every sso-file history ORG000001 --events --format $f
	every sso-ledger export --period 2026 --format $f
	every sso-ledger export --period 2026 --events --format $f
	every sso-ledger activities export --format $f
	every sso-ledger list --format $f
	every sso-ledger check --format $f
done
sso-ledger activities export >acts-out.csv 2>>all.out
every sso-score activity --period 2026 --db "$SSO_DB" acts-out.csv
every sso-score activity --period 2026 --by street --db "$SSO_DB" acts-out.csv
every sso-score targets --db "$SSO_DB" --by community
every sso-file history ORG000001 1
every sso-file show ORG000032
every sso-ledger verify
every sso-file submit --as sponsor:丁 bad.yaml
every sso-name people.yaml
every sso-file publish APP000003 --as street:戊
COUNT=$((COUNT + 1))
if grep -F -f secrets.txt all.out >leaks.txt; then
	fail "personal data in the output: $(head -3 leaks.txt)"
fi
# the masked forms are there, so the search would have found the numbers
COUNT=$((COUNT + 1))
grep -q '[0-9]\{6\}\*\{8\}[0-9]\{3\}[0-9X]' all.out || fail "no masked ID number seen"

# --unmask shows them, and says who looked
run 0 sso-file show ORG000001 --unmask --as street:戊
out_has "$(sed -n 's/.*leader: {name: [^,]*, id_number: "\([0-9X]*\)".*/\1/p' people.yaml | head -1)"
run 0 sso-ledger activities export --unmask --as district:己
out_has "$PHONE"
run 0 sso-file history ORG000001 --events
out_has "street:戊,unmask"

# the store is the owner's alone
COUNT=$((COUNT + 1))
[ "$(stat -c %a "$SSO_DB")" = 600 ] || fail "the store's mode is $(stat -c %a "$SSO_DB")"
for f in "$SSO_DB"-wal "$SSO_DB"-shm; do
	[ -e "$f" ] || continue
	COUNT=$((COUNT + 1))
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f's mode is $(stat -c %a "$f")"
done
echo "searched $(wc -c <all.out) bytes of output for $(wc -l <secrets.txt) ID and phone numbers"

# --- numbers inside free texts, written as clerks write them (issue 11, items
# 13 and 14), in a store of their own: each one leaked on the old code
export SSO_DB="$TMP/free.db" SSO_TODAY=2026-04-01
FW_MOBILE="$(printf '\357\274\221\357\274\223\357\274\226\357\274\227\357\274\227\357\274\227\357\274\227\357\274\230\357\274\230\357\274\230\357\274\230')" # １３６７７７７８８８８
sed -e 's/^scope: .*/scope: 组织文艺活动，咨询 138-1111-2222/' \
	-e 's/^venue: .*/venue: 睦南道社区活动室（电话02287654321）/' \
	-e 's/^  第一章 总则$/  第一章 总则（秘书处 +86 139 3333 4444）/' \
	-e 's/role: 副会长/role: 联系人13755556666/' "$EX/filing.yaml" >free.yaml
run 0 sso-file submit --as sponsor:甲 free.yaml
REASON="请核实联系人${FW_MOBILE}及身份证 110105 19491231 002X"
run 0 sso-file review APP000001 --return "$REASON" --as committee:乙
printf 'x\n' >身份证110105194912310029.txt
run 0 sso-ledger attach ORG000001 report 身份证110105194912310029.txt --as hub:张敏13612345678
printf 'activity_id,org_id,date,participants,title\nQ1,ORG000001,2026-03-01,12,联系人13812345678\n' >q1.csv
printf 'activity_id,org_id,date,participants,title\nQ1,ORG000001,2026-03-01,12,联系人13987654321\n' >q2.csv
run 0 sso-ledger activities import --as hub:丙 q1.csv

# leaks WHAT: what was printed (stdout and stderr) holds none of the numbers
leaks() {
	COUNT=$((COUNT + 1))
	cat "$TMP/out" "$TMP/err" >both.out
	for n in 138-1111-2222 02287654321 "+86 139 3333 4444" "139 3333 4444" 13755556666 \
		"$FW_MOBILE" "110105 19491231 002X" 110105194912310029 13812345678 13987654321 \
		1391234567 13612345678; do
		if grep -qF -- "$n" both.out; then
			fail "$1: '$n' is printed unmasked"
			return
		fi
	done
}
# show: scope, venue, charter and a member's role
run 0 sso-file show ORG000001
leaks "show ORG: scope, venue, charter, role"
out_has "scope: 组织文艺活动，咨询 138******2222"
out_has "venue: 睦南道社区活动室（电话022****4321）"
out_has "第一章 总则（秘书处 +86 139******4444）"
out_has "role: 联系人137****6666"
for f in csv tsv; do
	run 0 sso-file show APP000001 --format $f
	leaks "show APP --format $f: reason"
done
# show an application: its reason, full-width and spaced
run 0 sso-file show APP000001
leaks "show APP: reason"
out_has "110105**********002X"
# list --apps: reasons
for f in csv tsv yaml; do
	run 0 sso-file list --apps --format $f
	leaks "list --apps --format $f: reasons"
done
out_has "110105**********002X"
# history --events: the details of the return
run 0 sso-file history ORG000001 --events
leaks "history --events: details"
out_has "110105**********002X"
# sso-ledger list: a document named after an ID number, an actor's name
run 0 sso-ledger list
leaks "sso-ledger list: a document's name"
out_has "身份证110105********0029.txt"
out_has "hub:张敏136****5678"
# the events, in the ledger too: the old masker missed full-width and spaced
for f in csv tsv yaml; do
	run 0 sso-ledger export --period 2026 --events --format $f
	leaks "export --events --format $f: details, actors"
	run 0 sso-file history ORG000001 --events --format $f
	leaks "history --events --format $f: details, actors"
done
out_has "hub:张敏136****5678"
# a document whose bytes were changed is named, masked, by check
sqlite3 "$SSO_DB" "UPDATE chunks SET data = CAST('改' AS BLOB) WHERE doc_id = 4"
run 1 sso-ledger check --deep
leaks "check --deep: a document's name"
out_has "身份证110105********0029.txt"
sqlite3 "$SSO_DB" "UPDATE chunks SET data = CAST('x' || char(10) AS BLOB) WHERE doc_id = 4"
run 0 sso-ledger check --deep
# an import conflict names the stored title
snapshot
run 65 sso-ledger activities import --as hub:丙 q2.csv
leaks "activities import: a conflict's titles"
err_has "title '联系人138****5678', not '联系人139****4321'"
unchanged
# a phone number the check refuses is named masked
sed 's/"13900139000"/"1391234567"/' "$EX/filing.yaml" >bad-phone.yaml
snapshot
run 65 sso-file submit --as sponsor:甲 bad-phone.yaml
leaks "a refused phone number"
err_has "phone number '139***4567' is neither"
unchanged
# a message that quotes what was typed masks it too
run 64 sso-file list --street 13812345678
leaks "a usage error quoting its argument"
err_has "no street '138****5678'"

# --unmask shows each whole, and records who looked
run 0 sso-file show ORG000001 --unmask --as street:戊
out_has "138-1111-2222"
out_has "02287654321"
out_has "+86 139 3333 4444"
out_has "联系人13755556666"
run 0 sso-file show APP000001 --unmask --as street:戊
out_has "$REASON"
run 0 sso-file list --apps --unmask --as street:戊
out_has "$REASON"
run 0 sso-file history ORG000001 --events --unmask --as street:戊
out_has "110105 19491231 002X"
run 0 sso-ledger list --unmask --as street:戊
out_has "身份证110105194912310029.txt"
out_has "hub:张敏13612345678"
run 0 sso-ledger export --period 2026 --events
out_has 'street:戊,unmask,ORG000001,,"{""shown"":""ORG000001 events""}"'
out_has 'street:戊,unmask,,,"{""shown"":""applications""}"'
out_has 'street:戊,unmask,,,"{""shown"":""archive""}"'
# and an --unmask without an actor shows nothing
run 64 sso-file list --apps --unmask
out_lacks "$REASON"

# the notice printed by publish (its scope holds a phone) is masked
run 0 sso-file resubmit APP000001 free.yaml --as sponsor:甲
run 0 sso-file review APP000001 --pass --as committee:乙
run 0 sso-file approve APP000001 --as street:戊
run 0 sso-file publish APP000001 --as street:戊
leaks "publish: the notice"
out_has "咨询 138******2222"
finish
