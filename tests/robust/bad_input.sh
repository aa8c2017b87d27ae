#!/bin/sh
# bad_input.sh - every kind of bad input, fed to every tool that reads it: a
# clear error with its place, exit 65 (78 for a configuration), the store as
# it was, and memory that stays bounded (peak RSS, measured by GNU time).
. "$(dirname "$0")/../cmd/lib/testlib.sh"
GEN="$SSO_BIN/../tests/sso-gen"
RSS_MAX_KB=${SSO_RSS_MAX_KB:-262144}   # 256 MB; not checked under sanitizers

export SSO_TODAY=2026-06-30
"$GEN" forms 20 --seed 41 >base.yaml
SSO_TODAY=2026-01-05 sso-file submit --as sponsor:甲 base.yaml >/dev/null || exit 1
"$GEN" lifecycle 2026-01-05 --reports 0 >/dev/null || exit 1

# --- the inputs: YAML forms, CSV activities, CSV names, configurations
good_yaml="$EX/filing.yaml"
"$GEN" activities 50 --orgs 20 --from 2026-01-01 --to 2026-06-30 >good.csv
printf 'name,form,community\n天津市和平区五大道街道书画协会,social_group,睦南道社区\n' >names.csv

# not UTF-8 (a stray byte on line 5), GBK, a NUL byte on line 3
sed '5s/$/\xff/' "$good_yaml" >utf8.yaml
sed '3s/$/\xff/' good.csv >utf8.csv
sed '2s/$/\xff/' names.csv >utf8-names.csv
iconv -f UTF-8 -t GBK "$good_yaml" >gbk.yaml
iconv -f UTF-8 -t GBK names.csv >gbk-names.csv
sed '1s/$/,备注/; 2,$s/$/,活动/' good.csv | iconv -f UTF-8 -t GBK >gbk.csv
printf 'kind: filing\nname: x\nform: \000social_group\n' >nul.yaml
printf 'activity_id,org_id,date,participants\nA1,ORG000001,2026-02-01,3\nA2,ORG000001,2026-02-0\0001,3\n' >nul.csv
# a 10 MB line
awk 'BEGIN { printf "kind: filing\nname: "; for (i = 0; i < 10485760 / 16; i++) printf "aaaaaaaaaaaaaaaa"; print "" }' >long.yaml
awk 'BEGIN { print "activity_id,org_id,date,participants"; printf "A1,ORG000001,2026-02-01,"; for (i = 0; i < 10485760 / 16; i++) printf "1111111111111111"; print "" }' >long.csv
# 100,000 documents, the last one bad
"$GEN" forms 100000 --seed 42 --start 500001 --members 1 --bad 100000 >many.yaml
# an alias bomb, and nesting deeper than anyone writes
{
	printf 'kind: filing\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
	for i in 1 2 3 4 5 6 7 8 9; do
		printf 'a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n' \
			$i $i $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1))
	done
} >bomb.yaml
awk 'BEGIN { printf "kind: filing\nname: "; for (i = 0; i < 100000; i++) printf "["; print "" }' >deep.yaml
# unbalanced quotes
printf 'activity_id,org_id,date,participants,title\nA1,ORG000001,2026-02-01,3,"ok"\nA2,ORG000001,2026-02-02,4,"never closed\nA3,ORG000001,2026-02-03,5,x\n' >quote.csv
printf 'name,form,community\n"天津市和平区五大道街道书画协会,social_group,睦南道社区\n' >quote-names.csv

# sso-score's inputs: activities against the examples' organizations,
# platform scores, ratings, a rubric
sed '3s/$/\xff/' "$EX/activities.csv" >score-utf8.csv
iconv -f UTF-8 -t GBK "$EX/activities.csv" >score-gbk.csv
printf 'activity_id,org_id,date,participants\nA1,ORG000001,2026-02-01,3\nA2,ORG000001,2026-02-0\0001,3\n' >score-nul.csv
awk 'BEGIN { print "activity_id,org_id,date,participants"; printf "A1,ORG000001,2026-02-01,"; for (i = 0; i < 10485760 / 16; i++) printf "1111111111111111"; print "" }' >score-long.csv
printf 'activity_id,org_id,date,participants\nA1,ORG000001,2026-02-01,3\nA2,ORG000001,2026-02-02,"4\n' >score-quote.csv
sed '2s/,15,/,1\xff5,/' "$EX/platform-scores.csv" >eval-utf8.csv
printf 'street,physical_operation,professional_operation,dedicated_funds,party_building,cultivation,hub_role,professional_service,social_evaluation\n"120101001,15,10,9,10,12,16,18,4\n' >eval-quote.csv
iconv -f UTF-8 -t GBK "$EX/satisfaction.csv" | sed '2s/$/,满意/' >rate-gbk.csv
{ printf 'name: x\nitems:\n'; cat bomb.yaml | sed -n '2,$p' | sed 's/^/  /'; } >rubric-bomb.yaml
cp deep.yaml rubric-deep.yaml

# --- the table: tool and input, exit status, what the message must say
# (a message must name the file and line, so each expectation starts there)
cat >table.txt <<'TABLE'
submit|utf8.yaml|65|utf8.yaml:5: the text is not UTF-8
submit|gbk.yaml|65|gbk.yaml:1: the text is not UTF-8; it looks like GBK
submit|nul.yaml|65|nul.yaml:3: contains a NUL byte
submit|long.yaml|65|long.yaml:1:
submit|many.yaml|65|1 of 100000 documents are bad; nothing was written
submit|bomb.yaml|65|bomb.yaml:3:
submit|deep.yaml|65|nested deeper than 64 levels
name-yaml|utf8.yaml|65|utf8.yaml:5: the text is not UTF-8
name-yaml|gbk.yaml|65|looks like GBK
name-yaml|nul.yaml|65|nul.yaml:3: contains a NUL byte
name-yaml|bomb.yaml|65|aliases (*a0) are not accepted
name-yaml|deep.yaml|65|deep.yaml:2:
name-csv|utf8-names.csv|65|utf8-names.csv:2: the text is not UTF-8
name-csv|gbk-names.csv|65|gbk-names.csv:2: the text is not UTF-8; it looks like GBK
name-csv|quote-names.csv|65|quote-names.csv:2: a quoted field is never closed
import|utf8.csv|65|utf8.csv:3: the text is not UTF-8
import|gbk.csv|65|looks like GBK
import|nul.csv|65|nul.csv:3: contains a NUL byte
import|long.csv|65|long.csv:2:
import|quote.csv|65|quote.csv:3: a quoted field is never closed
config|utf8.yaml|78|utf8.yaml:5: the text is not UTF-8
config|gbk.yaml|78|looks like GBK
config|nul.yaml|78|nul.yaml:3: contains a NUL byte
config|bomb.yaml|78|aliases
config|deep.yaml|78|nested deeper than 64 levels
config|long.yaml|78|long.yaml:1:1: unknown key 'kind'
score|score-utf8.csv|65|score-utf8.csv:3: the text is not UTF-8
score|score-gbk.csv|65|score-gbk.csv:2: the text is not UTF-8; it looks like GBK
score|score-nul.csv|65|score-nul.csv:3: contains a NUL byte
score|score-long.csv|65|score-long.csv:2:
score|score-quote.csv|65|score-quote.csv:3:
eval|eval-utf8.csv|65|eval-utf8.csv:2: the text is not UTF-8
eval|eval-quote.csv|65|eval-quote.csv:2:
rate|rate-gbk.csv|65|looks like GBK
rubric|rubric-bomb.yaml|65|aliases
rubric|rubric-deep.yaml|65|nested deeper than 64 levels
TABLE

while IFS='|' read -r tool input want message; do
	case $tool in
	submit) set -- sso-file submit --as sponsor:乙 "$input" ;;
	name-yaml) set -- sso-name --yaml "$input" ;;
	name-csv) set -- sso-name --csv "$input" ;;
	import) set -- sso-ledger activities import --as hub:丙 "$input" ;;
	config) set -- sso-file list --config "$input" ;;
	score) set -- sso-score activity --period 2026 --orgs "$EX/orgs.csv" "$input" ;;
	eval) set -- sso-score eval --rubric platform "$input" ;;
	rate) set -- sso-score satisfaction "$input" ;;
	rubric) set -- sso-score eval --rubric "$input" "$EX/platform-scores.csv" ;;
	esac
	snapshot
	run "$want" /usr/bin/time -f "%M" -o rss.txt "$@"
	err_has "$message"
	unchanged
	COUNT=$((COUNT + 1))
	if [ -z "${SSO_SANITIZED:-}" ] && [ "$(tail -1 rss.txt)" -gt "$RSS_MAX_KB" ]; then
		fail "$*: peak RSS $(tail -1 rss.txt) KB, more than $RSS_MAX_KB KB"
	fi
	printf '%-10s %-16s exit %s, peak %6s KB\n' "$tool" "$input" "$want" "$(tail -1 rss.txt)"
done <table.txt

# and the good inputs still go through
run 0 sso-ledger activities import --as hub:丙 good.csv
run 0 sso-name names.csv
finish
