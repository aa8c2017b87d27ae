#!/bin/sh
# faults.sh - a disk that fills up in the middle of a write, and a store that
# is read-only: each write ends with a clear message and exit 74, and the store
# is left as it was. Faults come from an LD_PRELOAD injector
# (lib/fault_preload.c): after a byte budget, writes to regular files fail
# with ENOSPC; opening the store for writing fails with EROFS. No loop device or privilege is needed.
. "$(dirname "$0")/../cmd/lib/testlib.sh"
GEN="$SSO_BIN/../tests/sso-gen"
FAULT=${SSO_FAULT_LIB:?SSO_FAULT_LIB names the injector}

export SSO_TODAY=2026-06-30
"$GEN" forms 60 --seed 31 >base.yaml
SSO_TODAY=2026-01-05 sso-file submit --as sponsor:甲 base.yaml >/dev/null || exit 1
"$GEN" lifecycle 2026-01-05 --reports 0 >/dev/null || exit 1
"$GEN" forms 400 --seed 32 --start 5001 >more.yaml
"$GEN" activities 30000 --orgs 60 --from 2026-01-01 --to 2026-06-30 --start 1 >acts.csv
head -c 3000000 /dev/urandom >scan.pdf
printf '整改通知\n' >handling.txt

faulty() { # faulty BYTES CMD...: run CMD with the disk full after BYTES
	budget=$1
	shift
	STDIN= run 74 env LD_PRELOAD="$FAULT" SSO_FAULT_BYTES="$budget" "$@"
}

for budget in 0 4096 100000 1000000; do
	snapshot
	faulty $budget sso-file submit --as sponsor:乙 more.yaml
	err_has "the disk is full; nothing was written"
	unchanged
	faulty $budget sso-ledger activities import --as hub:丙 acts.csv
	err_has "the disk is full; nothing was written"
	unchanged
	faulty $budget sso-ledger attach ORG000001 report scan.pdf --as hub:丙
	err_has "the disk is full; nothing was written"
	unchanged
done
# one step of the lifecycle, the disk full at once or after a little
sso-file submit --as sponsor:乙 "$EX/filing.yaml" >/dev/null || exit 1
for budget in 0 2000; do
	snapshot
	faulty $budget sso-file review APP000061 --pass --as committee:丁
	err_has "the disk is full"
	unchanged
done

# a read-only store: every write refused clearly, reads still work
snapshot
for cmd in "sso-file submit --as sponsor:乙 more.yaml" \
	"sso-file review APP000061 --pass --as committee:丁" \
	"sso-ledger activities import --as hub:丙 acts.csv" \
	"sso-ledger attach ORG000001 handling handling.txt --as street:戊"; do
	run 74 env LD_PRELOAD="$FAULT" SSO_FAULT_READONLY=sso.db $cmd
	err_has "read-only"
	unchanged
done
run 0 env LD_PRELOAD="$FAULT" SSO_FAULT_READONLY=sso.db sso-file list
out_lines 62
run 0 env LD_PRELOAD="$FAULT" SSO_FAULT_READONLY=sso.db sso-ledger check

# with room, the same writes land
run 0 sso-ledger activities import --as hub:丙 acts.csv
run 0 sso-ledger verify
finish
