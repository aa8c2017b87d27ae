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
	"ORG000001" "differs from the state its last event recorded"
tampered "INSERT INTO orgs (name, status, district, street, community, created_on) VALUES ('天津市和平区五大道街道睦南道社区伪造协会', 'active', '120101', '120101001', '120101001001', '2026-01-01')" \
	"ORG000003" "has no event"
# a document's bytes and its recorded hash and size changed together
DOC=$(sqlite3 "$SSO_DB" "SELECT id FROM documents WHERE kind = 'report'")
tampered "UPDATE chunks SET data = CAST('伪造的报告' AS BLOB) WHERE doc_id = $DOC; UPDATE documents SET size = 15, sha256 = '$(printf '伪造的报告' | sha256sum | cut -d' ' -f1)' WHERE id = $DOC" \
	"DOC$(printf %06d "$DOC")" "differs from what event" "it was changed outside sso"
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
finish
