#!/bin/sh
# run.sh - sso-score activity against its peers on one generated year of
# activity records, side by side in one run: wall time (median of REPEAT
# runs), CPU time, MB/s and peak RSS (GNU time), and a check that every tool
# computed the same per-organization count, participant sum and distinct
# quarters. Prints a Markdown table (also kept in bench/out/score.md).
#
#   bench/score/run.sh                 200,000 organizations, 10,000,000 rows
#   ORGS=20000 ROWS=1000000 REPEAT=1 bench/score/run.sh     a quick look
#   TOOLS="sso sso1 libcsv pipe" bench/score/run.sh         some of them
#
# Needs: ./scripts/deps --bench (mawk, miller, python3-pandas, hyperfine,
# time) and a build in build/ (made here if missing). Data goes to
# bench/data/ (git-ignored), results to bench/out/.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
ORGS=${ORGS:-200000}
ROWS=${ROWS:-10000000}
REPEAT=${REPEAT:-3}
TOOLS=${TOOLS:-"pipe cat libcsv sso sso1 ssopipe sqlite mawk pandas miller"}
data=$top/bench/data
out=$top/bench/out
mkdir -p "$data" "$out"
build=$top/build-bench

if [ ! -x "$build/cmd/sso-score" ] || [ ! -x "$build/tests/sso-gen" ]; then
	cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSSO_BUILD_TESTS=ON >/dev/null
	cmake --build "$build" -j"$(nproc)" --target sso-score sso-gen >/dev/null
fi
cc -O2 -o "$out/csvparse" "$top/bench/score/csvparse.c" -lcsv

orgs=$data/orgs-$ORGS.csv
acts=$data/activities-$ORGS-$ROWS.csv
[ -s "$orgs" ] || "$build/tests/sso-gen" score-orgs "$ORGS" --jurisdiction 10,20,15 >"$orgs"
[ -s "$acts" ] || "$build/tests/sso-gen" score-activities "$ORGS" "$ROWS" --jurisdiction 10,20,15 >"$acts"
bytes=$(wc -c <"$acts")
export SSO_TODAY=2026-06-01 LC_ALL=C.UTF-8

# What each tool runs: the same count, participant sum and distinct quarters
# per organization, over 2026.
cmd_of() {
	case $1 in
	pipe) echo "cat $acts | cat >/dev/null" ;;
	cat) echo "cat $acts >/dev/null" ;;
	libcsv) echo "$out/csvparse $acts" ;;
	sso) echo "$build/cmd/sso-score activity -q --orgs $orgs $acts" ;;
	sso1) echo "$build/cmd/sso-score activity -q --threads 1 --orgs $orgs $acts" ;;
	ssopipe) echo "cat $acts | $build/cmd/sso-score activity -q --orgs $orgs" ;;
	sqlite) echo "rm -f $data/bench.db && sqlite3 $data/bench.db -cmd '.mode csv' -cmd '.import $acts a' \"SELECT org_id, count(*), sum(participants), count(DISTINCT (CAST(substr(date, 6, 2) AS INTEGER) - 1) / 3) FROM a WHERE date BETWEEN '2026-01-01' AND '2026-12-31' GROUP BY org_id\"" ;;
	mawk) echo "mawk -F, -f $top/bench/score/tally.awk $acts" ;;
	pandas) echo "/usr/bin/python3 $top/bench/score/tally.py $acts" ;;
	miller) echo "mlr --icsv --ocsv filter '\$date >= \"2026-01-01\" && \$date <= \"2026-12-31\"' then put '\$q = \$date < \"2026-04\" ? 1 : \$date < \"2026-07\" ? 2 : \$date < \"2026-10\" ? 3 : 4' then stats1 -a count,sum,distinct_count -f participants,q -g org_id then cut -o -f org_id,participants_count,participants_sum,q_distinct_count $acts" ;;
	esac
}

label_of() {
	case $1 in
	pipe) echo "pipe floor: cat FILE \\| cat" ;;
	cat) echo "cat FILE >/dev/null" ;;
	libcsv) echo "libcsv parse-only (csvparse.c)" ;;
	sso) echo "**sso-score activity --by org** (file, 2 threads)" ;;
	sso1) echo "**sso-score activity --by org --threads 1**" ;;
	ssopipe) echo "**cat FILE \\| sso-score activity** (stdin, 1 thread)" ;;
	sqlite) echo "sqlite3 CLI: .import, then GROUP BY" ;;
	mawk) echo "mawk, naive comma split" ;;
	pandas) echo "pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)' 2>/dev/null)" ;;
	miller) echo "Miller $(mlr --version | cut -d' ' -f2)" ;;
	esac
}

# "wall rss cpu" of one run of $1 (its output to $2)
measure() {
	/usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" sh -c "$1" >"$2" 2>"$out/stderr.txt" ||
		{ echo "failed: $1" >&2; cat "$out/stderr.txt" >&2; exit 1; }
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$out/time.txt"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# the file in the page cache before anything is timed
cat "$acts" >/dev/null
cat "$acts" >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rows=""
for t in $TOOLS; do
	c=$(cmd_of "$t")
	: >"$out/walls.txt"
	: >"$out/cpus.txt"
	rss=0
	i=0
	while [ "$i" -lt "$REPEAT" ]; do
		set -- $(measure "$c" "$out/result-$t.csv")
		echo "$1" >>"$out/walls.txt"
		echo "$3" >>"$out/cpus.txt"
		[ "$2" -gt "$rss" ] && rss=$2
		i=$((i + 1))
	done
	wall=$(median <"$out/walls.txt")
	cpu=$(median <"$out/cpus.txt")
	echo "$t: $(tr '\n' ' ' <"$out/walls.txt")s" >&2
	rows="$rows$t $wall $rss $cpu
"
done
rm -f "$data/bench.db"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# the same numbers? (sso-score's counted organizations, against each tool's)
check() {
	f=$out/result-$1.csv
	[ -s "$f" ] || { echo "-"; return; }
	awk -F, -v t="$1" '
		FNR == NR { if (FNR > 1 && $2 > 0) { want[$1] = $2 "," $3 "," $4; n++ } next }
		{ gsub(/"/, ""); k = $1; if (t == "pandas" || t == "miller") if (FNR == 1) next
		  if (k in want) { if (want[k] == $2 "," $3 "," $4) ok++; else bad++ } }
		END { printf "%s", (bad == 0 && ok == n) ? "same" : "DIFFERS (" ok + 0 " of " n ", " bad + 0 " differ)" }
	' "$out/result-sso1.csv" "$f"
}

sso_wall=$(printf '%s' "$rows" | awk '$1 == "sso1" { print $2 }')
{
	echo "$(printf '%s' "$ROWS" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') activity rows of $(printf '%s' "$ORGS" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') organizations, $((bytes / 1000000)) MB of CSV; median of $REPEAT runs; $(nproc) cores; $(date -u +%Y-%m-%d)"
	echo
	echo "| tool | wall (s) | CPU (s) | MB/s | peak RSS (MB) | wall vs sso-score 1 thread | result |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
	printf '%s' "$rows" | while read -r t wall rss cpu; do
		[ -n "$t" ] || continue
		res="-"
		case $t in sso | ssopipe | sqlite | mawk | pandas | miller) res=$(check "$t") ;; esac
		awk -v l="$(label_of "$t")" -v w="$wall" -v c="$cpu" -v r="$rss" -v b="$bytes" -v s="${sso_wall:-0}" -v res="$res" 'BEGIN {
			printf "| %s | %.2f | %.2f | %.0f | %.1f | %s | %s |\n", l, w, c, (w > 0 ? b / 1e6 / w : 0), r / 1024,
				(s > 0 ? sprintf("%.2fx", w / s) : "-"), res }'
	done
	# the targets of issue 4, against one thread (and two)
	printf '%s' "$rows" | awk '
		{ w[$1] = $2; r[$1] = $3 }
		function ratio(a, b) { return (a in w) && (b in w) && w[b] > 0 ? w[a] / w[b] : -1 }
		function line(what, v, want, ok) {
			if (v < 0) return
			printf "- %s: %.2f (target %s) %s\n", what, v, want, ok ? "met" : "MISSED"
		}
		END {
			print ""
			line("sqlite3 CLI / sso-score, 1 thread", ratio("sqlite", "sso1"), ">= 10", ratio("sqlite", "sso1") >= 10)
			line("mawk / sso-score, 1 thread", ratio("mawk", "sso1"), ">= 8", ratio("mawk", "sso1") >= 8)
			line("pandas / sso-score, 1 thread", ratio("pandas", "sso1"), ">= 5", ratio("pandas", "sso1") >= 5)
			line("sso-score, 1 thread / libcsv parse-only", ratio("sso1", "libcsv"), "<= 1.3", ratio("sso1", "libcsv") <= 1.3)
			line("sso-score, 2 threads / libcsv parse-only", ratio("sso", "libcsv"), "<= 1.3", ratio("sso", "libcsv") <= 1.3)
			line("sso-score, 2 threads / pipe floor", ratio("sso", "pipe"), "as close as it gets", 1)
			if ("sso" in r) printf "- sso-score peak RSS: %.1f MB (target < 150) %s\n", r["sso"] / 1024, r["sso"] / 1024 < 150 ? "met" : "MISSED"
		}'
} | tee "$out/score.md"
