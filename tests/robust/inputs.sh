#!/bin/sh
# inputs.sh - what a form or an attachment may read (issue 11): a charter_file
# is a regular file inside the form's folder (no absolute path, no '..', no
# symbolic link, no FIFO that would block every writer); an attachment is a
# regular file read up to its size at open and a configured maximum; dates
# stay within 9999-12-31 and a schema version is never negative; an inline
# charter, a YAML document and a roster have caps, and the roster's duplicate
# check stays linear; names that look alike (NFKC) are one name, and
# invisible characters are refused in names, reasons and actors; a write
# reads all of its standard input before it locks the store. Each refusal
# leaves the store as it was.
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

# --- items 7 and 8 on a store of their own
export SSO_DB="$TMP/names.db" SSO_TODAY=2026-04-01
NAME=天津市和平区五大道街道睦南道社区文艺爱好者协会
named() { # named FILE NAME: filing.yaml under another name (its first line)
	{ printf 'name: %s\n' "$2"; grep -v '^name:' "$EX/filing.yaml"; } >"$1"
}
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml"
to_certificate APP000001 2026-04-09
export SSO_TODAY=2026-04-10

# --- item 7: caps on what a form holds, each refused with nothing written
# an inline charter has the charter_file cap, 16 MB
form_charter() { # form_charter FILE MB: filing.yaml whose inline charter is MB MB
	sed -n '/^charter: |/q;p' "$EX/filing.yaml" | sed 's/文艺爱好者协会/长章程协会/' >"$1"
	echo 'charter: |' >>"$1"
	# about 8192 lines a megabyte
	yes '  第一条 本会名称为天津市和平区五大道街道睦南道社区长章程协会，这一行很长很长很长。' |
		head -n "$(($2 * 8192))" >>"$1"
	sed -n '/^members:/,$p' "$EX/filing.yaml" >>"$1"
}
form_charter c20.yaml 20
snapshot
run 65 sso-file submit --as sponsor:王秀兰 c20.yaml
err_has "c20.yaml:16:10: charter is "
err_has "bytes, larger than 16 MB"
unchanged
# 200 MB stops at the document cap (32 MB), read no further
form_charter c200.yaml 200
run 65 sso-file submit --as sponsor:王秀兰 c200.yaml
err_has "the document is larger than 32 MB"
unchanged
rm -f c200.yaml
# a roster of 100,000 members: the duplicate ID number is found (sorted,
# not compared pair by pair), and nothing is written
roster() { # roster FILE N DUP: a filing with N more members; member DUP+1 repeats member 2
	sed -n '/^members:/q;p' "$EX/filing.yaml" | sed 's/文艺爱好者协会/大名册协会/' >"$1"
	echo 'members:' >>"$1"
	echo '  - {name: 王秀兰, id_number: "11010519491231002X", role: 会长}' >>"$1"
	awk -v N="$2" -v DUP="$3" '
	function idnum(i,   base, w, m, s, k) {
		base = sprintf("110105%04d%02d01%03d", 1950 + int(i / 12000), 1 + int(i / 1000) % 12, i % 1000)
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		split("1 0 X 9 8 7 6 5 4 3 2", m, " ")
		for (k = 1; k <= 17; k++) s += substr(base, k, 1) * w[k]
		return base m[s % 11 + 1]
	}
	BEGIN { for (i = 1; i <= N; i++)
		printf "  - {name: 成员%d, id_number: \"%s\", role: 成员}\n", i, idnum(i == DUP ? 1 : i) }' >>"$1"
}
roster r100k.yaml 100000 99999
run 65 sso-file submit --as sponsor:王秀兰 r100k.yaml
err_has "members 2 and 100000 have the same ID number"
unchanged
roster r200k.yaml 200001 0
run 65 sso-file submit --as sponsor:王秀兰 r200k.yaml
err_has "the roster lists 200002 members, more than 200000"
unchanged
rm -f r200k.yaml
# the same 100,000 without the duplicate are written
roster r100k.yaml 100000 0
run 0 sso-file submit --as sponsor:王秀兰 r100k.yaml
out_has "ORG000002"
run 0 sso-file list --apps
snapshot
# standard input is refused at its first NUL byte (it is not text)
STDIN=/dev/zero run 65 timeout 60 sso-file submit --as sponsor:王秀兰 -
err_has "-:1: contains a NUL byte"
unchanged
STDIN=/dev/zero run 65 timeout 60 sso-ledger activities import --as hub:枢纽 -
err_has "-:1: contains a NUL byte"
unchanged

# a CSV row of more than 65536 fields is bad input, not gigabytes of offsets
{ printf 'activity_id,org_id,date,participants\n'; head -c 70000 /dev/zero | tr '\0' ','; echo; } >wide.csv
run 65 sso-ledger activities import --as hub:枢纽 wide.csv
err_has "wide.csv:2: a row of more than 65536 fields"
unchanged
{ printf 'name,form,community\n"'; head -c 70000 /dev/zero | tr '\0' ','; printf '"'; head -c 70000 /dev/zero | tr '\0' ','; echo; } >wide.csv
run 65 sso-name wide.csv
err_has "wide.csv:2: a row of more than 65536 fields"

# --- item 8: names that look alike are one name (NFKC); invisible characters are refused
alike() { # alike NAME TEXT: submitting a filing named NAME is refused, saying TEXT
	named alike.yaml "$1"
	run 65 sso-file submit --as sponsor:王秀兰 alike.yaml
	err_has "$2"
	unchanged
}
# the Kangxi radical ⽂ (U+2F42) for 文; a CJK compatibility ideograph
alike "天津市和平区五大道街道睦南道社区⽂艺爱好者协会" "already used by ORG000001 as $NAME"
alike "天津市和平区五大道街道睦南道社区文艺爱好者协会" "already used by ORG000001"
# zero-width space, joiner, non-joiner, BOM, a bidi override: refused as such
for c in '\342\200\213:U+200B' '\342\200\215:U+200D' '\342\200\214:U+200C' \
	'\357\273\277:U+FEFF' '\342\200\256:U+202E'; do
	alike "$(printf "天津市和平区五大道街道睦南道社区文${c%%:*}艺爱好者协会")" \
		"invisible character ${c#*:} (a format character, Cf)"
done
# ESC and BEL in a name: YAML refuses them as they are, its escapes make them
alike "$(printf '天津市和平区五大道街道睦南道社区文艺\033[31m爱好者协会')" "control characters are not allowed"
alike '"天津市和平区五大道街道睦南道社区文艺\e[31m爱好者协会"' "U+001B (a control character, Cc)"
alike '"天津市和平区五大道街道睦南道社区文艺\a爱好者协会"' "U+0007 (a control character, Cc)"
# full-width letters and digits are their ASCII
named abc.yaml 天津市和平区五大道街道睦南道社区ABC2026合唱协会
run 0 sso-file submit --as sponsor:王秀兰 abc.yaml
snapshot
alike "天津市和平区五大道街道睦南道社区ＡＢＣ２０２６合唱协会" \
	"already used by ORG000003 as 天津市和平区五大道街道睦南道社区ABC2026合唱协会"
alike "天津市和平区五大道街道睦南道社区AＢC2026合唱协会" "the two look alike and are one name"
# sso-name says the same of invisible characters
printf 'name,form,community\n%s,social_group,120101001001\n' \
	"$(printf '天津市和平区五大道街道睦南道社区文\342\200\213艺爱好者协会')" >zw.csv
run 1 sso-name zw.csv
out_has "fail	the name holds an invisible character U+200B"
# ESC and BEL in a reason and in an actor's name: refused, nothing written
run 64 sso-file review APP000002 --return "$(printf '材料不全\033[2J')" --as committee:刘主任
err_has "the reason holds an invisible character U+001B"
unchanged
run 64 sso-file revoke ORG000001 --reason "$(printf '违规\007')" --as street:李明
err_has "the reason holds an invisible character U+0007"
unchanged
run 64 sso-file review APP000002 --pass --as "$(printf 'committee:刘\033]0;x\007主任')"
err_has "the actor's name holds an invisible character U+001B"
unchanged
SSO_ACTOR="$(printf 'committee:刘\342\200\213主任')" run 64 sso-file review APP000002 --pass
err_has "the actor's name holds an invisible character U+200B"
unchanged
printf 'kind: change\norg: ORG000001\nreason: "场所迁移\\e"\nchanges:\n  venue: 新场所\n' >esc.yaml
run 65 sso-file submit --as sponsor:王秀兰 esc.yaml
err_has "esc.yaml:3:9: reason holds an invisible character U+001B"
unchanged
# two pending changes to one new name: the second certify is refused
export SSO_TODAY=2026-04-10
named second.yaml 天津市和平区五大道街道睦南道社区书画协会
run 0 sso-file submit --as sponsor:王秀兰 second.yaml
to_certificate APP000004 2026-04-20
export SSO_TODAY=2026-04-21
NEW=天津市和平区五大道街道睦南道社区诗书画协会
printf 'kind: change\norg: ORG000001\nreason: 更名\nchanges:\n  name: %s\n' "$NEW" >to1.yaml
printf 'kind: change\norg: ORG000004\nreason: 更名\nchanges:\n  name: %s\n' "$NEW" >to4.yaml
run 0 sso-file submit --as sponsor:王秀兰 to1.yaml
out_has "APP000005"
run 0 sso-file submit --as sponsor:王秀兰 to4.yaml
out_has "APP000006"
to_certificate APP000005 2026-04-30
export SSO_TODAY=2026-04-21
run 0 sso-file review APP000006 --pass --as committee:刘主任
run 0 sso-file approve APP000006 --as street:李明
run 0 sso-file publish APP000006 --as street:李明
export SSO_TODAY=2026-04-30
snapshot
run 1 sso-file certify APP000006 --as street:李明
err_has "the name $NEW is taken: ORG000001 has it now"
unchanged
run 0 sso-file show ORG000004
out_has "name: 天津市和平区五大道街道睦南道社区书画协会"
# within one batch: the second of two look-alike names is refused (the
# set of names read once per transaction learns the first); with
# --keep-going the first is written
named b1.yaml 天津市和平区五大道街道睦南道社区⽂学社
named b2.yaml 天津市和平区五大道街道睦南道社区文学社
{ cat b1.yaml; echo ---; cat b2.yaml; } >batch.yaml
run 65 sso-file submit --as sponsor:王秀兰 batch.yaml
err_has "batch.yaml:31: name 天津市和平区五大道街道睦南道社区文学社 is already used by"
err_has "as 天津市和平区五大道街道睦南道社区⽂学社"
unchanged
run 65 sso-file submit --keep-going --as sponsor:王秀兰 batch.yaml
out_lines 1
out_has "submitted"
snapshot

# promote checks the name of the filing it makes, too
run 0 sso-file submit --as committee:刘主任 "$EX/group.yaml"
GROUP=$(cut -f2 "$TMP/out")
named ml.yaml 天津市和平区五大道街道马场道社区晨练队
sed -i 's/^community: .*/community: 马场道社区/' ml.yaml
run 0 sso-file submit --as sponsor:王秀兰 ml.yaml
TAKER=$(cut -f2 "$TMP/out")
promote_form >promote.yaml
snapshot
run 65 sso-file promote "$GROUP" promote.yaml --as committee:刘主任
err_has "the name 天津市和平区五大道街道马场道社区晨练队 is taken: $TAKER has it"
unchanged

# --- item 6: a writer whose standard input stalls holds no lock: it reads the
# whole input before it opens its transaction, so other writes go through at
# once (their busy timeout is 0: a lock held would refuse them with 75)
printf 'store:\n  busy_timeout_ms: 0\n' >nowait.yaml
named stalled.yaml 天津市和平区五大道街道睦南道社区慢管道协会
named other.yaml 天津市和平区五大道街道睦南道社区快管道协会
printf '季度报告\n' >report.txt
blocked_reading() { # blocked_reading PID: PID waits in read(0, ...)
	grep -q '^0 0x0 ' "/proc/$1/syscall" 2>/dev/null
}
stall() { # stall FILE CMD...: CMD reads FILE from a pipe that stalls halfway
	_f=$1
	shift
	rm -f pipe4
	mkfifo pipe4
	"$@" <pipe4 >stalled.out 2>stalled.err &
	STALLED=$!
	exec 4>pipe4
	head -c 300 "$_f" >&4
	# not a timed assertion: wait until it reads (at most 10 s, then go on)
	i=0
	while [ $i -lt 100 ] && ! blocked_reading "$STALLED"; do
		sleep 0.1
		i=$((i + 1))
	done
}
unstall() { # unstall FILE: the rest of FILE, the end of the pipe; the writer's exit
	tail -c +301 "$1" >&4
	exec 4>&-
	wait "$STALLED"
	STALLED_EXIT=$?
	COUNT=$((COUNT + 1))
	[ "$STALLED_EXIT" = 0 ] || fail "stalled writer: exit $STALLED_EXIT: $(cat stalled.err)"
}
stall stalled.yaml sso-file submit --as sponsor:王秀兰 -
run 0 sso-file submit --config nowait.yaml --as sponsor:王秀兰 other.yaml
run 0 sso-ledger attach --config nowait.yaml ORG000001 report report.txt --as hub:枢纽
unstall stalled.yaml
grep -q "submitted" stalled.out || fail "the stalled submit wrote nothing"
run 0 sso-file list
out_has 慢管道协会
out_has 快管道协会
head -c 2000 /dev/urandom >blob.bin
stall blob.bin sso-ledger attach ORG000001 report - --name blob.bin --as hub:枢纽
run 0 sso-file submit --config nowait.yaml --as sponsor:王秀兰 "$EX/service-org.yaml"
unstall blob.bin
run 0 sso-ledger list ORG000001 --kind report
out_has "blob.bin,2000,"
printf 'activity_id,org_id,date,participants\nA-1,ORG000001,2026-04-02,12\n' >acts.csv
stall acts.csv sso-ledger activities import --as hub:枢纽 -
run 0 sso-ledger attach --config nowait.yaml ORG000001 report report.txt --as hub:枢纽
unstall acts.csv
grep -q "1 added" stalled.out || fail "the stalled import added nothing: $(cat stalled.out)"

finish
