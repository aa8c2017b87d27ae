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
finish
