# tally.awk - per organization: activities, participants and distinct
# quarters in 2026, splitting at every comma (not CSV-correct: a quoted
# comma breaks it). Run as mawk -F, -f tally.awk FILE.
NR > 1 && $3 >= "2026-01-01" && $3 <= "2026-12-31" {
	n[$2]++
	p[$2] += $4
	k = $2 SUBSEP int((substr($3, 6, 2) - 1) / 3)
	if (!(k in seen)) {
		seen[k] = 1
		q[$2]++
	}
}
END {
	for (o in n)
		print o "," n[o] "," p[o] "," q[o]
}
