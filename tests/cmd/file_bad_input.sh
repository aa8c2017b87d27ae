#!/bin/sh
# file_bad_input.sh - every kind of bad input is a clear error with its place,
# the documented exit status, and a store left as it was.
. "$(dirname "$0")/lib/testlib.sh"

run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml"
snapshot

bad() { # bad EXIT FILE MESSAGE: submitting FILE fails so, and writes nothing
	run "$1" sso-file submit --as sponsor:王秀兰 "$2"
	err_has "$3"
	unchanged
}
bad_edit() { # bad_edit FILE SED MESSAGE: examples/filing.yaml edited by SED is bad so
	sed "$2" "$EX/filing.yaml" >"$1"
	bad 65 "$1" "$3"
}
bad_text() { # bad_text FILE TEXT MESSAGE: TEXT (printf's format) is bad so
	printf "$2" >"$1"
	bad 65 "$1" "$3"
}

bad_edit unknown-key.yaml 's/^kind: filing/kind: filing\nleaderr: x/' \
	"unknown-key.yaml:4:1: unknown key 'leaderr' in a filing form"

bad_edit bad-id.yaml 's/11010519491231002X/110105194912310021/' \
	"ID number check character is X, not 1"

bad_edit bad-birth.yaml 's/11010519491231002X/110105194913310027/' \
	"no real date of birth (19491331)"

bad_edit bad-phone.yaml 's/13800138000/1380013800/' \
	"phone number '138***3800' is neither"

bad_edit bad-date.yaml 's/founded: 2026-03-01/founded: 2026-02-30/' \
	"'2026-02-30' is not a real date"

bad_edit bad-community.yaml 's/"120101001001"/"999999999999"/' \
	"no community '999999999999' in the jurisdiction"

bad_edit bad-category.yaml 's/category: 文体娱乐/category: 体育健身/' \
	"category '体育健身' is not one of the configuration's categories"

bad_edit bad-name.yaml 's/^name: 天津市和平区/name: /' \
	"bad-name.yaml:4: name 五大道街道睦南道社区文艺爱好者协会 breaks the naming rules: the name must begin with the district: 天津市和平区"

bad_edit forbidden.yaml 's/^name: 天津市和平区五大道街道睦南道社区文艺爱好者协会/name: 天津市和平区五大道街道睦南道社区中国文艺协会/' \
	"the word 中国"

bad_text syntax.yaml 'kind: [\n' "syntax.yaml:2:1: YAML"

bad_text alias.yaml 'kind: filing\nname: &n x\nform: *n\n' "aliases (*n) are not accepted"

bad_text dup.yaml 'kind: filing\nkind: group\n' "key 'kind' is given twice"

printf '%s\n' '- a' '- b' >list.yaml
bad 65 list.yaml "a form must be a mapping"

# GBK: detected and refused, with what to do; converted with --encoding gbk
iconv -f UTF-8 -t GBK "$EX/filing.yaml" >gbk.yaml
bad 65 gbk.yaml "gbk.yaml:1: the text is not UTF-8; it looks like GBK: pass --encoding gbk"
sed 's/文艺爱好者协会/书画爱好者协会/' "$EX/filing.yaml" | iconv -f UTF-8 -t GBK >gbk2.yaml
run 0 sso-file submit --encoding gbk --as sponsor:王秀兰 gbk2.yaml
out_has "ORG000002"
snapshot

# BOM and CRLF are fine
sed 's/文艺爱好者协会/舞蹈爱好者协会/' "$EX/filing.yaml" | sed 's/$/\r/' >crlf.yaml
printf '\357\273\277' | cat - crlf.yaml >bom.yaml
run 0 sso-file submit --as sponsor:王秀兰 bom.yaml
out_has "ORG000003"
snapshot

bad_text nul.yaml 'kind: filing\nname: a\0b\n' "NUL byte"

run 66 sso-file submit --as sponsor:王秀兰 no-such-file.yaml
err_has "no-such-file.yaml: cannot open"
unchanged

bad_edit charter-file.yaml 's/^charter: |/charter_file: missing.txt\nx: |/' \
	"charter_file: ./missing.txt: cannot open"

# a change or termination of something that is not there
bad_text nochange.yaml 'kind: change\norg: ORG000099\nreason: x\nchanges: {venue: y}\n' "no organization ORG000099"
printf 'kind: termination\norg: ORG000001\nreason: x\nvote: {date: 2026-03-01, members: 3, present: 3, for: 3, against: 0, abstain: 0}\n' >early.yaml
bad 1 early.yaml "ORG000001 is pending: a termination needs a filed, active organization"

finish
