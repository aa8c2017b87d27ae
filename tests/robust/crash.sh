#!/bin/sh
# crash.sh - writes killed with SIGKILL at random moments leave a store that
# is whole: PRAGMA integrity_check is ok, the event chain verifies, and each
# batch is wholly there or wholly absent.
#   SSO_KILLS   how many kills, spread over the three kinds (default 24;
#               the long run: SSO_KILLS=150)
# Kinds: sso-file submit of 2,000 forms; sso-ledger activities import of
# 150,000 rows; sso-ledger attach of an 8 MB file.
. "$(dirname "$0")/../cmd/lib/testlib.sh"
GEN="$SSO_BIN/../tests/sso-gen"
KILLS=${SSO_KILLS:-24}
SEED=${SSO_SEED:-$$}

export SSO_TODAY=2026-06-30
"$GEN" forms 300 --seed 5 >base.yaml
SSO_TODAY=2026-01-05 sso-file submit --as sponsor:甲 base.yaml >/dev/null || exit 1
"$GEN" lifecycle 2026-01-05 --reports 0 >/dev/null || exit 1
head -c 8388608 /dev/urandom >big.bin

count() { sqlite3 "$SSO_DB" "SELECT count(*) FROM $1"; }

# prepare round R of KIND: its input, and what it adds when it lands
prepare() {
	case $1 in
	submit) "$GEN" forms 2000 --seed "$2" --start $((100000 + 10000 * $2)) >in.yaml
		WHAT=orgs; ADDS=2000 ;;
	import) "$GEN" activities 150000 --orgs 300 --from 2026-01-01 --to 2026-06-30 \
			--start $((1000000 * $2)) --seed "$2" >in.csv
		WHAT=activities; ADDS=150000 ;;
	attach) WHAT="documents WHERE name = 'big-$2.bin'"; ADDS=1
		cp big.bin "big-$2.bin" ;;
	esac
}

start() {
	case $1 in
	submit) sso-file submit -q --as sponsor:乙 in.yaml >/dev/null 2>&1 & ;;
	import) sso-ledger activities import -q --as hub:丙 in.csv >/dev/null 2>&1 & ;;
	attach) sso-ledger attach ORG000007 report "big-$2.bin" --as hub:丙 >/dev/null 2>&1 & ;;
	esac
	PID=$!
}

# how long each kind takes uncut, to choose moments within it
for kind in submit import attach; do
	prepare $kind 0
	t0=$(date +%s.%N)
	start $kind 0
	wait $PID || fail "$kind ran uncut and failed"
	t1=$(date +%s.%N)
	eval "T_$kind=$(echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) * 1.2 }')"
done
echo "uncut: submit ${T_submit}s, import ${T_import}s, attach ${T_attach}s (x1.2)"

kills=0 finished=0 round=1 ks=0 ki=0 ka=0
while [ $((kills + finished)) -lt "$KILLS" ]; do
	case $((round % 3)) in 0) kind=submit ;; 1) kind=import ;; 2) kind=attach ;; esac
	prepare $kind $round
	before=$(count "$WHAT")
	eval "span=\$T_$kind"
	delay=$(awk -v s="$SEED" -v r="$round" -v t="$span" 'BEGIN { srand(s * 1000 + r); printf "%.3f", rand() * t }')
	start $kind $round
	sleep "$delay"
	if kill -9 "$PID" 2>/dev/null; then
		kills=$((kills + 1))
		case $kind in submit) ks=$((ks + 1)) ;; import) ki=$((ki + 1)) ;; attach) ka=$((ka + 1)) ;; esac
	else
		finished=$((finished + 1))
	fi
	wait "$PID" 2>/dev/null
	COUNT=$((COUNT + 3))
	ok=$(sqlite3 "$SSO_DB" "PRAGMA integrity_check")
	[ "$ok" = ok ] || fail "round $round ($kind killed at ${delay}s): integrity_check says $ok"
	sso-ledger verify >verify.out 2>&1 || fail "round $round ($kind killed at ${delay}s): $(cat verify.out)"
	after=$(count "$WHAT")
	[ "$after" -eq "$before" ] || [ "$after" -eq $((before + ADDS)) ] ||
		fail "round $round ($kind killed at ${delay}s): $WHAT went from $before to $after: a part of a batch"
	round=$((round + 1))
done
# every stored document still hashes to what was recorded
run 0 sso-ledger check --deep
echo "kills survived: $kills (submit $ks, import $ki, attach $ka); runs that ended before their kill: $finished"
finish
