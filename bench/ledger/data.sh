#!/bin/sh
# data.sh - build the benchmark's data once: a store of ORGS filed
# organizations (through the real lifecycle: submit, review, approve, notice,
# certify, then a report and an evaluation for 90% of them) and an activity
# CSV of ACTS rows. Kept under bench/data/ (git-ignored) between runs.
set -eu
ORGS=${ORGS:-200000}
ACTS=${ACTS:-10000000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
DATA=${DATA:-$ROOT/bench/data/ledger}
BIN=$BUILD/cmd
GEN=$BUILD/tests/sso-gen

mkdir -p "$DATA"
cd "$DATA"
# 10 districts x 20 streets x 50 communities: 10,000 communities, 20 orgs each
[ -f sso.yaml ] || "$GEN" config 10 20 50 >sso.yaml
export SSO_CONFIG="$DATA/sso.yaml"
if [ ! -f "orgs-$ORGS.db" ]; then
	rm -f build.db build.db-wal build.db-shm
	echo "data: $ORGS filing forms" >&2
	"$GEN" forms "$ORGS" --jurisdiction 10,20,50 | sed 's/^founded: 2025-/founded: 2024-/' >forms.yaml
	echo "data: submitting them in one batch" >&2
	SSO_DB=build.db SSO_TODAY=2025-05-01 "$BIN/sso-file" submit --as sponsor:bench forms.yaml >/dev/null
	echo "data: review, approval, notice, certification, reports, evaluations" >&2
	SSO_DB=build.db "$GEN" lifecycle 2025-05-02
	sqlite3 build.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	mv build.db "orgs-$ORGS.db"
	rm -f forms.yaml build.db-wal build.db-shm
fi
if [ ! -f "activities-$ACTS.csv" ]; then
	echo "data: $ACTS activities" >&2
	"$GEN" activities "$ACTS" --orgs "$ORGS" --from 2025-07-01 --to 2026-06-30 >activities.tmp
	mv activities.tmp "activities-$ACTS.csv"
fi
