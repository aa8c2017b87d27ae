#!/bin/sh
# storefile.sh - the store's file itself (issue 11): a second hard link, a
# damaged file, another program's SQLite database, an empty file someone
# else could write, a store made before the application id, and a -wal
# without its -shm in a read-only folder. Each refusal says what to do and
# writes nothing.
. "$(dirname "$0")/../cmd/lib/testlib.sh"

export SSO_TODAY=2026-04-01
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml"
run 0 sso-file review APP000001 --pass --as committee:刘主任
cp "$SSO_DB" clean.db
same() { # same FILE DUMP: FILE's .dump still hashes to DUMP
	COUNT=$((COUNT + 1))
	[ "$(sqlite3 "$1" .dump | sha256sum)" = "$2" ] || fail "$CUR: $1 changed"
}

# --- item 10: a second hard link is refused, for reads and writes
ln "$SSO_DB" link.db
snapshot
run 74 sso-ledger verify
err_has "hard links"
run 74 sso-file approve APP000001 --as street:李明 --db link.db
err_has "keep one path"
unchanged
rm link.db
run 0 sso-ledger verify

# --- item 10: check runs quick_check and reports store_damaged
cp clean.db damaged.db
# the header's count of free pages, made wrong: every query still works
printf '\000\000\000\011' | dd of=damaged.db bs=1 seek=36 conv=notrunc 2>/dev/null
run 1 sso-ledger check --db damaged.db
out_has ",store_damaged,"
out_has "quick_check"
run 0 sso-ledger check
out_lacks "store_damaged"

# --- item 11: another program's SQLite file is neither read nor written
sqlite3 other.sqlite 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
OTHER=$(sqlite3 other.sqlite .dump | sha256sum)
run 74 sso-ledger check --db other.sqlite
err_has "not an sso store"
same other.sqlite "$OTHER"
run 74 sso-ledger verify --db other.sqlite
same other.sqlite "$OTHER"
BYTES=$(sha256sum <other.sqlite)
run 74 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml" --db other.sqlite
err_has "not an sso store"
same other.sqlite "$OTHER"
# a refused write leaves the file's bytes alone: not even switched to WAL
COUNT=$((COUNT + 1))
[ "$(sha256sum <other.sqlite)" = "$BYTES" ] || fail "the refused write changed other.sqlite's bytes"
COUNT=$((COUNT + 1))
[ ! -e other.sqlite-wal ] || fail "the refused write left other.sqlite-wal"
# one with our tables but another application id
cp clean.db foreign.db
sqlite3 foreign.db 'PRAGMA application_id = 42'
FOREIGN=$(sqlite3 foreign.db .dump | sha256sum)
run 74 sso-ledger verify --db foreign.db
same foreign.db "$FOREIGN"
# an empty file: a read refuses it and writes nothing
: >empty.db
run 66 sso-ledger check --db empty.db
err_has "empty file"
COUNT=$((COUNT + 1))
[ ! -s empty.db ] || fail "a read wrote into an empty file"
# an empty file others may write, or another user's, is not made a store
chmod 666 empty.db
run 74 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml" --db empty.db
err_has "others may write"
COUNT=$((COUNT + 1))
[ ! -s empty.db ] || fail "a write made a store in a world-writable empty file"
# (another user's: root can make one to try)
if [ "$(id -u)" = 0 ]; then
	: >theirs.db
	chmod 600 theirs.db
	chown 65534 theirs.db
	run 74 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml" --db theirs.db
	err_has "owned by another user"
	COUNT=$((COUNT + 1))
	[ ! -s theirs.db ] || fail "a write made a store in another user's empty file"
fi
# ... but the user's own, private empty file is
chmod 600 empty.db
run 0 sso-file submit --as sponsor:王秀兰 "$EX/filing.yaml" --db empty.db
COUNT=$((COUNT + 1))
[ "$(sqlite3 empty.db 'PRAGMA application_id')" = 1397968689 ] || fail "a new store is not stamped"
# a store made before the application id (tests/lib/fixtures/store-v1.sql)
sqlite3 old.db <"$SSO_SRC/tests/lib/fixtures/store-v1.sql"
COUNT=$((COUNT + 1))
[ "$(sqlite3 old.db 'PRAGMA application_id')" = 0 ] || fail "the fixture has an application id"
OLD=$(sqlite3 old.db .dump | sha256sum)
# a read does not upgrade it (schema 3 records rows in events): it says how
run 74 sso-ledger verify --db old.db
err_has "a read does not upgrade it"
same old.db "$OLD"
# (its events are of 2026-04-10: a write on an earlier day is refused)
SSO_TODAY=2026-04-20 run 0 sso-ledger attach ORG000001 report "$EX/charter.txt" --as hub:枢纽 --db old.db
COUNT=$((COUNT + 1))
[ "$(sqlite3 old.db 'PRAGMA application_id')" = 1397968689 ] || fail "a write did not stamp an old store"
run 0 sso-ledger verify --db old.db
out_has "verified"
# the upgrade wrote a baseline event per organization and one for the rest
COUNT=$((COUNT + 1))
[ "$(sqlite3 old.db "SELECT count(*) FROM events WHERE action = 'baseline'")" = \
	"$(($(sqlite3 old.db 'SELECT count(*) FROM orgs') + 1))" ] || fail "no baseline per organization"
# a forged old store is not blessed by the upgrade
sqlite3 forged.db <"$SSO_SRC/tests/lib/fixtures/store-v1.sql"
sqlite3 forged.db "UPDATE orgs SET tier = 'registered' WHERE id = 1"
FORGED=$(sqlite3 forged.db .dump | sha256sum)
SSO_TODAY=2026-04-20 run 74 sso-ledger attach ORG000001 report "$EX/charter.txt" --as hub:枢纽 --db forged.db
err_has "cannot upgrade the store: it does not verify"
same forged.db "$FORGED"

# --- item 12: a -wal without -shm in a read-only folder is refused
# The folder is made read-only with chmod, or, for root (whom chmod does not
# stop), with a read-only bind mount in a private mount namespace.
ro() { # ro CMD ARGS...: run CMD with the folder ro read-only
	if [ "$(id -u)" = 0 ]; then
		unshare -m sh -c 'mount --bind ro ro && mount -o remount,bind,ro ro && exec "$@"' \
			sh "$@"
	else
		chmod 555 ro && "$@"
		set -- $?
		chmod 755 ro
		return "$1"
	fi
}
mkdir ro
if ro true 2>/dev/null; then
	cp clean.db ro/sso.db
	# a committed write held in the -wal (a copy of it taken while a reader
	# kept it from being checkpointed)
	mkfifo ctl
	sqlite3 ro/sso.db <ctl >/dev/null 2>&1 &
	READER=$!
	exec 3>ctl
	echo 'SELECT count(*) FROM events;' >&3
	SSO_DB=ro/sso.db run 0 sso-file approve APP000001 --as street:李明
	cp ro/sso.db-wal wal.keep
	exec 3>&-
	wait "$READER"
	cp clean.db ro/sso.db
	cp wal.keep ro/sso.db-wal
	rm -f ro/sso.db-shm
	SSO_DB=ro/sso.db run 74 ro sso-ledger verify
	err_has "no -shm"
	err_has "make the folder writable"
	SSO_DB=ro/sso.db run 74 ro sso-file show APP000001
	COUNT=$((COUNT + 1))
	{ [ ! -e ro/sso.db-shm ] && cmp -s wal.keep ro/sso.db-wal; } || fail "the read-only folder changed"
	# with its -shm, or with no -wal, a read-only folder is read as before
	rm ro/sso.db-wal
	SSO_DB=ro/sso.db run 0 ro sso-ledger verify
	out_has "verified	5 events"
else
	echo "storefile.sh: cannot make a read-only folder here; item 12 not tested" >&2
fi

finish
