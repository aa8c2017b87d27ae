#!/bin/sh
# file_batch.sh - a batch of 2,000 forms is one transaction: all or nothing,
# or with --keep-going the good ones and exit 65.
. "$(dirname "$0")/lib/testlib.sh"
GEN="$SSO_BIN/../tests/sso-gen"

"$GEN" forms 2000 --seed 7 >good.yaml
"$GEN" forms 2000 --seed 8 --start 5001 --bad 1500 >bad.yaml

# one bad document of 2,000: nothing written, the bad one named with its line
run 65 sso-file submit --as sponsor:王秀兰 bad.yaml
err_has "bad.yaml:"
err_has "ID number check character"
err_has "1 of 2000 documents are bad; nothing was written"
out_lines 0
[ ! -s "$TMP/out" ] || fail "no APP lines may be printed when nothing was written"
run 0 sso-file list
out_lines 1

# the good batch: 2,000 applications, in input order
run 0 sso-file submit --as sponsor:王秀兰 good.yaml
out_lines 2000
out_has "$(printf 'APP000001\tORG000001\tsubmitted')"
out_has "$(printf 'APP002000\tORG002000\tsubmitted')"
run 0 sso-file list --apps --state submitted
out_lines 2001

# keep going: 1,999 written, the bad one reported, exit 65
run 65 sso-file submit --keep-going --as sponsor:王秀兰 bad.yaml
out_lines 1999
err_has "1 of 2000 documents are bad; the others were written"
run 0 sso-file list
out_lines 4000

# several files are one batch: a bad second file keeps the first out too
"$GEN" forms 3 --seed 9 --start 9001 >a.yaml
printf 'kind: filing\nname: x\n' >b.yaml
snapshot
run 65 sso-file submit --as sponsor:王秀兰 a.yaml b.yaml
err_has "b.yaml:1:"
unchanged
run 0 sso-file submit --as sponsor:王秀兰 a.yaml
out_lines 3

# a document that cannot be parsed ends the stream; nothing written
printf -- '---\nkind: filing\n---\nkind: [unclosed\n' >broken.yaml
snapshot
run 65 sso-file submit --as sponsor:王秀兰 broken.yaml
err_has "broken.yaml:5:1: YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 4)"
unchanged

# stdin is a batch too
STDIN=a.yaml run 65 sso-file submit --as sponsor:王秀兰
err_has "-:"
err_has "already used by"

finish
