#!/bin/sh
# tamper.sh - history edited behind sso's back with sqlite3 is found and named:
# an event changed, deleted or reordered; a document's bytes changed, with or
# without its recorded hash; an organization's row changed or added; a
# document deleted. A chain cut at its end is told by its head.
. "$(dirname "$0")/../cmd/lib/testlib.sh"

export SSO_TODAY=2026-04-01
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml" "$EX/service-org.yaml"
run 0 sso-file review APP000001 --pass --as committee:刘主任
run 0 sso-file approve APP000001 --as street:李明
run 0 sso-file publish APP000001 --as street:李明
export SSO_TODAY=2026-04-09
run 0 sso-file certify APP000001 --as street:李明
printf '二〇二六年上半年工作报告\n' >report.txt
run 0 sso-ledger attach ORG000001 report report.txt --as hub:枢纽 --date 2026-04-09
run 0 sso-ledger verify
out_has "verified"
HEAD=$(sed -n 's/.*head \([0-9a-f]*\).*/\1/p' "$TMP/out")
cp "$SSO_DB" clean.db

restore() {
	cp clean.db "$SSO_DB"
	rm -f "$SSO_DB-wal" "$SSO_DB-shm"
}

tampered() { # tampered SQL EXPECTED...: after SQL, verify exits 1 naming it
	sqlite3 "$SSO_DB" "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete; $1"
	shift
	run 1 sso-ledger verify
	for want in "$@"; do out_has "$want"; done
	run 1 sso-ledger check
	out_has "chain_broken"
	restore
}

# an event's value changed: named by its number
tampered "UPDATE events SET actor = 'street:冒名顶替' WHERE seq = 10" \
	"event 10" "was changed after it was written"
tampered "UPDATE events SET details = replace(details, 'reviewed', 'approved') WHERE seq = 9" \
	"event 9"
# an event deleted: the gap is named
tampered "DELETE FROM events WHERE seq = 5" "event 6 follows event 4: 1 event(s) missing"
# two events reordered (their contents swapped)
tampered "UPDATE events SET seq = -1 WHERE seq = 11; UPDATE events SET seq = 11 WHERE seq = 12; UPDATE events SET seq = 12 WHERE seq = -1" \
	"event 11 does not link to the event before it"
# a whole event forged onto the end, without the chain's hash
tampered "INSERT INTO events SELECT seq + 1000, at, day, actor, 'certify', org_id, app_id, details, org_state, hash, 'f00', rows FROM events ORDER BY seq DESC LIMIT 1" \
	"follows event"
# an organization's row edited, or added, with no event
tampered "UPDATE orgs SET certificate = '120101001-2026-9999' WHERE id = 1" \
	"ORG000001 (table orgs), column certificate" "the table says 120101001-2026-9999"
tampered "INSERT INTO orgs (name, status, district, street, community, created_on) VALUES ('天津市和平区五大道街道睦南道社区伪造协会', 'active', '120101', '120101001', '120101001001', '2026-01-01')" \
	"ORG000003 (table orgs): no event records this row"
# a document's bytes and its recorded hash and size changed together
DOC=$(sqlite3 "$SSO_DB" "SELECT id FROM documents WHERE kind = 'report'")
tampered "UPDATE chunks SET data = CAST('伪造的报告' AS BLOB) WHERE doc_id = $DOC; UPDATE documents SET size = 15, sha256 = '$(printf '伪造的报告' | sha256sum | cut -d' ' -f1)' WHERE id = $DOC" \
	"DOC$(printf %06d "$DOC") (table documents), column size" "it was changed outside sso"
# a document deleted, row and bytes
tampered "DELETE FROM chunks WHERE doc_id = $DOC; DELETE FROM documents WHERE id = $DOC" \
	"is missing: it was deleted outside sso"
# a document's bytes alone: the deep check re-hashes them
sqlite3 "$SSO_DB" "UPDATE chunks SET data = CAST('改' AS BLOB) WHERE doc_id = $DOC"
run 1 sso-ledger check --deep
out_has "hash_mismatch"
out_has "DOC$(printf %06d "$DOC")"
restore

# the end of the chain cut off: the chain still links, but its head is not the
# head published before (the ledger's --events export prints every hash)
sqlite3 "$SSO_DB" "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = (SELECT max(seq) FROM events); DELETE FROM chunks WHERE doc_id = $DOC; DELETE FROM documents WHERE id = $DOC"
run 0 sso-ledger verify
out_lacks "$HEAD"
restore
run 0 sso-ledger verify
out_has "$HEAD"

# and after all that, the untouched store still verifies and checks clean
run 0 sso-ledger check --deep

# --- every table answers to the event log (issue 11, items 1-3) ---
# A store that has a row in every table: a certified organization with a
# report, a vote and a termination in review, an activity group, an import.
export SSO_DB="$TMP/every.db" SSO_TODAY=2026-04-01
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml" "$EX/service-org.yaml"
to_certificate APP000001 2026-04-09
run 0 sso-ledger attach ORG000001 report report.txt --as hub:枢纽
run 0 sso-file submit --as committee:刘主任 "$EX/group.yaml"
printf 'activity_id,org_id,date,participants,volunteer_hours\n' >acts.csv
printf 'T1,ORG000001,2026-04-02,12,1.5\nT2,ORG000003,2026-04-03,8,\n' >>acts.csv
run 0 sso-ledger activities import acts.csv --as hub:枢纽
export SSO_TODAY=2026-09-02
run 0 sso-file vote ORG000001 --members 3 --present 3 --for 3 --against 0 --abstain 0 \
	--date 2026-09-01 --as sponsor:王秀兰
run 0 sso-file submit --as sponsor:王秀兰 "$EX/termination.yaml"
run 0 sso-ledger verify
cp "$SSO_DB" every.db.clean
[ -z "${SSO_KEEP_STORE:-}" ] || cp every.db.clean "$SSO_KEEP_STORE" # for a look by hand
again() { cp every.db.clean "$SSO_DB"; rm -f "$SSO_DB-wal" "$SSO_DB-shm"; }
q() { sqlite3 "$SSO_DB" "$1"; }

# Generated from the schema: every column of every table, edited in one row,
# is found by verify (or, for an archived document's bytes, by check --deep).
# A column that a migration adds without a replay rule fails here.
for t in $(q "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
	COUNT=$((COUNT + 1))
	[ "$(q "SELECT count(*) FROM $t")" -gt 0 ] || fail "the fixture has no row in $t"
	pk=$(q "SELECT name FROM pragma_table_info('$t') WHERE pk = 1")
	where="$pk = (SELECT $pk FROM $t ORDER BY $pk LIMIT 1)"
	for c in $(q "SELECT name FROM pragma_table_info('$t')"); do
		# the first edit the table's constraints let through
		n=0
		for v in "$c + 1000" "$c || 'x'" "'x'" 1 "'filed'" "'group'" "'registered'" \
			"'revoked'" "'growing'" "'change'" "'termination'" "'reviewed'" "'done'"; do
			n=$(q "DROP TRIGGER IF EXISTS events_no_update; UPDATE $t SET $c = $v WHERE $where AND $c IS NOT $v; SELECT changes()" 2>/dev/null)
			[ "${n:-0}" -gt 0 ] && break
		done
		COUNT=$((COUNT + 1))
		[ "${n:-0}" -gt 0 ] || fail "$t.$c: no edit of it took"
		if [ "$t" = chunks ]; then # the archive's bytes: the deep check
			run 1 sso-ledger check --deep
			out_has "hash_mismatch"
		else
			run 1 sso-ledger verify
			out_has "broken"
			COUNT=$((COUNT + 1))
			grep -q "broken" "$TMP/out" || fail "$t.$c edited: verify did not notice"
		fi
		again
	done
done

# 1. an edited row is not laundered by the next write: the write is refused,
# nothing is written, and verify still names the row
q "UPDATE orgs SET tier = 'registered', uscc = '51120101MJ00000011' WHERE id = 1"
FORGED=$(store_hash)
run 74 sso-ledger attach ORG000001 report report.txt --as hub:枢纽
err_has "ORG000001 (table orgs), column tier: the event log says filed"
err_has "nothing was written"
COUNT=$((COUNT + 1))
[ "$(store_hash)" = "$FORGED" ] || fail "a refused write changed the store"
run 1 sso-ledger verify
out_has "column tier"
run 1 sso-ledger check --deep
out_has "chain_broken"
again
# 2. tables outside the old chain: an application put into its notice drives
# no certificate, a forged vote no termination
q "UPDATE apps SET state = 'in_notice', notice_end = '2026-03-08' WHERE id = 2"
run 74 sso-file certify APP000002 --as street:李明
err_has "APP000002 (table apps), column state"
run 1 sso-ledger verify
out_has "APP000002"
again
# an import reads whether each organization is live: a forged status is refused
q "UPDATE orgs SET status = 'revoked' WHERE id = 2"
FORGED=$(store_hash)
run 74 sso-ledger activities import acts.csv --as hub:枢纽
err_has "(table orgs), column status"
COUNT=$((COUNT + 1))
[ "$(store_hash)" = "$FORGED" ] || fail "a refused import changed the store"
again
q "UPDATE votes SET in_favour = 1, against = 2"
run 74 sso-file review APP000003 --pass --as committee:刘主任
err_has "(table votes), column in_favour"
again
for edit in "UPDATE documents SET result = '优秀' WHERE kind = 'report'" \
	"UPDATE documents SET dated = '2026-01-01' WHERE kind = 'report'" \
	"UPDATE documents SET kind = 'evaluation' WHERE kind = 'report'" \
	"UPDATE documents SET org_id = 2 WHERE kind = 'report'" \
	"UPDATE activities SET participants = 120 WHERE activity_id = 'T1'" \
	"DELETE FROM activities WHERE activity_id = 'T2'" \
	"UPDATE activity_quarters SET participants = participants + 1" \
	"UPDATE versions SET effective = '2026-01-01'" \
	"UPDATE apps SET data = data || ' ' WHERE id = 1" \
	"UPDATE counters SET value = 0" \
	"INSERT INTO votes (org_id, date, members, present, in_favour, against, abstain, passed, recorded_on) SELECT org_id, date, members, present, in_favour, against, abstain, passed, recorded_on FROM votes"; do
	q "$edit"
	run 1 sso-ledger verify
	out_has "outside sso"
	again
done
# 3. no backdating: an event may not be dated before the last of its record
SSO_TODAY=2026-09-01 run 1 sso-file review APP000003 --pass --as committee:刘主任
err_has "before ORG000001's last event (2026-09-02)"
COUNT=$((COUNT + 1))
[ "$(store_hash)" = "$(sqlite3 every.db.clean .dump | sha256sum)" ] || fail "a refused write changed the store"
SSO_TODAY=2026-01-01 run 1 sso-ledger attach ORG000001 report report.txt --as hub:枢纽
err_has "before ORG000001's last event"
# and a backdated event forged into the chain with its hashes redone is named
# by verify (tests/lib/test_event.c forges one with the right hashes)
run 0 sso-ledger verify
finish
