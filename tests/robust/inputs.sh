#!/bin/sh
# inputs.sh - what a form or an attachment may read (issue 11): a charter_file
# is a regular file inside the form's folder (no absolute path, no '..', no
# symbolic link, no FIFO that would block every writer); an attachment is a
# regular file read up to its size at open and a configured maximum; dates
# stay within 9999-12-31 and a schema version is never negative. Each refusal leaves the store as it was.
. "$(dirname "$0")/../cmd/lib/testlib.sh"

export SSO_TODAY=2026-04-01
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml"
run 0 sso-file review APP000001 --pass --as committee:刘主任
run 0 sso-file approve APP000001 --as street:李明
run 0 sso-file publish APP000001 --as street:李明
export SSO_TODAY=2026-04-09
run 0 sso-file certify APP000001 --as street:李明

# --- item 4: charter_file
mkdir -p form/sub outside
printf '第一条 本会名称为测试协会。\n' >form/charter.txt
printf '第一条 子目录里的章程。\n' >form/sub/charter.txt
printf 'SECRET-OUTSIDE\n' >outside/secret.txt
ln -s ../outside/secret.txt form/link.txt
ln -s ../outside form/linkdir
mkfifo form/fifo.txt
charter_form() { # charter_form FILE PATH: filing.yaml with charter_file: PATH
	awk -v p="$2" '/^charter: \|/ { print "charter_file: " p; skip = 1; next }
		skip && /^  / { next } { skip = 0; print }' "$EX/filing.yaml" |
		sed 's/文艺爱好者协会/读书协会/' >"$1"
}
same() { # same FILE DUMP: FILE's .dump still hashes to DUMP
	COUNT=$((COUNT + 1))
	[ "$(sqlite3 "$1" .dump | sha256sum)" = "$2" ] || fail "$CUR: $1 changed"
}
refused() { # refused PATH TEXT: submitting a form whose charter_file is PATH fails
	charter_form form/f.yaml "$1"
	snapshot
	run 65 timeout 20 sso-file submit --as sponsor:王秀兰 form/f.yaml
	err_has "$2"
	out_lacks "SECRET"
	unchanged
}
refused /etc/passwd "absolute path"
refused "$TMP/outside/secret.txt" "absolute path"
refused ../outside/secret.txt "leaves the form's folder"
refused sub/../../outside/secret.txt "leaves the form's folder"
refused link.txt "symbolic link"
refused linkdir/secret.txt "symbolic link"
refused fifo.txt "not a regular file"
refused sub "not a regular file"
# a regular file inside the folder, or below it, is read
charter_form form/ok.yaml sub/charter.txt
run 0 sso-file submit --as sponsor:王秀兰 form/ok.yaml
run 0 sso-ledger list --kind charter
out_has "ORG000002,charter,charter.txt,35,"

# --- item 5: attach reads regular files only, up to their size and the cap
snapshot
run 66 timeout 20 sso-ledger attach ORG000001 report /dev/zero --as hub:枢纽
err_has "not a regular file"
unchanged
mkfifo pipe
run 66 timeout 20 sso-ledger attach ORG000001 report pipe --as hub:枢纽
err_has "not a regular file"
unchanged
run 66 timeout 20 sso-ledger attach ORG000001 report form --as hub:枢纽
unchanged
# the store's own WAL, which grows while it is read: at most its size at open
# (a reader keeps the -wal file in place while attach writes to it)
mkfifo ctl
sqlite3 "$SSO_DB" <ctl >/dev/null 2>&1 &
READER=$!
exec 3>ctl
echo 'SELECT count(*) FROM events;' >&3
i=0
while [ ! -f "$SSO_DB-wal" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
run 0 timeout 60 sso-ledger attach ORG000001 report "$SSO_DB-wal" --as hub:枢纽
exec 3>&-
wait "$READER"
# the maximum, from the configuration, for a file and for standard input
printf 'archive:\n  document_max_bytes: 1000\n' >small.yaml
head -c 1001 /dev/urandom >big.bin
head -c 1000 /dev/urandom >fits.bin
snapshot
run 65 sso-ledger attach --config small.yaml ORG000001 report big.bin --as hub:枢纽
err_has "more than archive.document_max_bytes (1000)"
unchanged
STDIN=big.bin run 65 sso-ledger attach --config small.yaml ORG000001 report - --as hub:枢纽
err_has "more than archive.document_max_bytes (1000)"
unchanged
STDIN=fits.bin run 0 sso-ledger attach --config small.yaml ORG000001 report - --as hub:枢纽
run 0 sso-ledger attach --config small.yaml ORG000001 report fits.bin --as hub:枢纽
snapshot
# standard input from /dev/zero stops at the default 64 MB
STDIN=/dev/zero run 65 timeout 120 sso-ledger attach ORG000001 report - --as hub:枢纽
err_has "more than archive.document_max_bytes (67108864)"
unchanged

# --- item 9: no date past 9999-12-31 wraps round; no negative schema version
for k in "notice_days: 3000000" "archive: {stuck_days: 3000000}" \
	"archive: {report_max_age_days: 99999999999}" "archive: {evaluation_max_age_days: 40000}"; do
	printf '%s\n' "$k" >far.yaml
	run 78 sso-ledger check --config far.yaml
	err_has "far.yaml:1:"
	err_has "at most 36500"
done
# a notice that would end past the calendar's end is refused, not put in year 0
mkdir far && (
	export SSO_DB="$TMP/far/sso.db" SSO_TODAY=9999-12-20
	sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml" &&
	sso-file review APP000001 --pass --as committee:刘主任 &&
	sso-file approve APP000001 --as street:李明
) >/dev/null 2>&1
FAR=$(sqlite3 far/sso.db .dump | sha256sum)
SSO_DB="$TMP/far/sso.db" SSO_TODAY=9999-12-28 run 1 sso-file publish APP000001 --as street:李明
err_has "would end after 9999-12-31"
out_lacks "0000-"
same far/sso.db "$FAR"
# one that ends on it is published
SSO_DB="$TMP/far/sso.db" SSO_TODAY=9999-12-24 run 0 sso-file publish APP000001 --as street:李明
out_has "9999-12-24至9999-12-31"
# PRAGMA user_version = -5 is a damaged store, not error code -5
cp "$SSO_DB" neg.db
sqlite3 neg.db 'PRAGMA user_version = -5'
NEG=$(sqlite3 neg.db .dump | sha256sum)
SSO_DB=neg.db run 74 sso-ledger verify
err_has "schema version is -5"
SSO_DB=neg.db run 74 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml"
err_has "schema version is -5"
same neg.db "$NEG"

finish
