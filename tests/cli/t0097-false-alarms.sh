# No false alarms beyond what the confidence level implies: ten synthetic
# extracts with no improvement switched on, each judged year on year for
# the ACSC and frail-ACSC admission metrics in every primary care home
# (up to 2 metrics x 7 PCHs x 10 seeds = 140 comparisons of two independent
# years; a DSR of fewer than 10 events is not published).  A change is
# flagged when the two 95% intervals do not overlap, which under no change
# happens far less often than 5% of the time; more than 5% flagged would
# mean the intervals are too narrow.
. "$TESTS/lib.sh"
flagged=0
total=0
for seed in 101 102 103 104 105 106 107 108 109 110; do
	ob synth --out x$seed --persons 12000 --seed $seed >/dev/null || fail "synth $seed"
	ob init w$seed >/dev/null
	ob import x$seed -w w$seed >/dev/null || fail "import $seed"
	for metric in acsc_chronic_unplanned frail_acsc_admissions; do
		ob measures -w w$seed --year 2020/21 --unit pch --metric $metric \
			--format csv >m.csv || fail "measures $seed $metric"
		n=$(awk -F, 'NR > 1 && $3 == "ok" && $11 != "" { n++ } END { print n + 0 }' m.csv)
		f=$(awk -F, 'NR > 1 && ($11 == "better" || $11 == "worse") { n++ } END { print n + 0 }' m.csv)
		total=$((total + n))
		flagged=$((flagged + f))
	done
done
echo "flagged $flagged of $total year-on-year comparisons"
[ "$total" -ge 100 ] || fail "only $total comparisons"
[ "$flagged" -le $((total / 20)) ] || fail "$flagged of $total flagged: more than 5%"
