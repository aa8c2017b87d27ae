#!/bin/sh
# conventions.sh - the conventions of SPEC section 2 that every executable keeps:
# --help, --version, usage errors (64), stores (66), configuration (78),
# $SSO_TODAY, output failures (74).
. "$(dirname "$0")/lib/testlib.sh"

for tool in sso-file sso-name; do
	run 0 $tool --help
	out_has "usage"
	run 0 $tool --version
	out_has "(sso) "
done
run 0 sso-file submit --help
out_has "usage: sso-file submit"
run 0 sso-file show --help
out_has "usage: sso-file show"
run 64 sso-file
err_has "which command?"
run 64 sso-file frobnicate
err_has "unknown command 'frobnicate'"
run 64 sso-file list --no-such-option
# a long option without its value is named as typed, common or the command's own
run 64 sso-file list --db
err_has "sso-file: --db: unknown option or missing value"
run 64 sso-file review APP000001 --return
err_has "sso-file: --return: unknown option or missing value"
run 64 sso-file review
err_has "usage: sso-file review"
run 64 sso-file review APP000001 --pass --reject x --as committee:a

# read commands never create a store
run 66 sso-file list
err_has "sso.db: no store here"
COUNT=$((COUNT + 1))
[ ! -e "$SSO_DB" ] || fail "a read created the store"
run 66 sso-file show ORG000001 --db elsewhere.db
err_has "elsewhere.db"
# not even when seeing personal data, which is recorded in a store that exists
run 66 sso-file show ORG000001 --unmask --as street:李明 --db elsewhere.db
err_has "elsewhere.db: no store here"
COUNT=$((COUNT + 1))
[ ! -e elsewhere.db ] || fail "show --unmask created the store"

# the actor
run 64 sso-file submit "$EX/filing.yaml"
err_has "needs an actor"
run 64 sso-file submit --as king:x "$EX/filing.yaml"
err_has "unknown role 'king'"
SSO_ACTOR=sponsor:王秀兰 run 0 sso-file submit "$EX/filing.yaml"
run 0 sso-file history ORG000001 --events
out_has "sponsor:王秀兰,submit"

# $SSO_DB and --db
run 0 sso-file list --db "$SSO_DB"
out_lines 2
SSO_DB=other.db run 66 sso-file list
# common options may stand before the command (a crontab's 'sso-ledger --db P check')
SSO_DB=other.db run 0 sso-file --db "$SSO_DB" -q --format tsv list
out_has "$(printf 'id\tname\t')"
out_lines 2
SSO_DB=other.db run 0 sso-ledger --db "$SSO_DB" --format tsv activities export
out_has "$(printf 'activity_id\torg_id')"
run 64 sso-file --db "$SSO_DB" frobnicate
err_has "unknown command '--db'"
run 64 sso-score --orgs x.csv activity
err_has "unknown command '--orgs'"

# configuration: unknown key, bad value, missing file; 78 with file and line
printf 'notice_days: 7\narchive:\n  stale: 3\n' >bad.yaml
run 78 sso-file list --config bad.yaml
err_has "bad.yaml:3:3: unknown key 'stale' in archive"
SSO_CONFIG=bad.yaml run 78 sso-file list
cp bad.yaml sso.yaml
run 78 sso-file list
rm sso.yaml
run 66 sso-file list --config missing.yaml
printf 'notice_days: 10\n' >ten.yaml
run 0 sso-file review APP000001 --pass --config ten.yaml --as committee:刘主任
run 0 sso-file approve APP000001 --config ten.yaml --as street:李明
run 0 sso-file publish APP000001 --config ten.yaml --as street:李明
out_has "公示期：2026-04-01至2026-04-11"

# $SSO_TODAY must be a date
SSO_TODAY=2026-02-30 run 64 sso-file list
err_has "SSO_TODAY"

# output that cannot be written: exit 74 and a message, not success
COUNT=$((COUNT + 1))
sso-file list >/dev/full 2>full.err
[ $? -eq 74 ] || fail "output to /dev/full must exit 74"
COUNT=$((COUNT + 1))
grep -q "cannot write the output" full.err || fail "output to /dev/full must say so"
# a closed pipe with much left to write: quiet, exit 74, never "success"
"$SSO_BIN/../tests/sso-gen" forms 3000 --seed 3 --start 7001 >many.yaml
sso-file submit --as sponsor:甲 --db many.db many.yaml >/dev/null
COUNT=$((COUNT + 1))
{
	sso-file list --db many.db 2>bigpipe.err
	echo $? >bigpipe.rc
} | head -n 1 >/dev/null
[ ! -s bigpipe.err ] || fail "a closed pipe must stay quiet: $(cat bigpipe.err)"
COUNT=$((COUNT + 1))
[ "$(cat bigpipe.rc)" = 74 ] || fail "output cut short by a closed pipe must exit 74, not $(cat bigpipe.rc)"
COUNT=$((COUNT + 1))
sso-file list --db many.db >/dev/full 2>full2.err
[ "$(wc -l <full2.err)" -eq 1 ] && grep -q "No space left on device" full2.err ||
	fail "a full output is said once, with its reason: $(cat full2.err)"
# a closed pipe: quiet, and no crash
COUNT=$((COUNT + 1))
sso-file history ORG000001 --events 2>pipe.err | head -c 10 >/dev/null
[ ! -s pipe.err ] || fail "a closed pipe must stay quiet: $(cat pipe.err)"

finish
