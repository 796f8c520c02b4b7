# measures: every catalogue metric appears, with a value or a stated reason
# why not (never a silent zero); units add up for counts; --publish applies
# disclosure control.
. "$TESTS/lib.sh"
ob synth --out x --persons 8000 --seed 31 >/dev/null || fail "synth"
ob init ws >/dev/null
ob import x -w ws >/dev/null || fail "import"
ob measures -w ws --year 2020/21 --format csv >m.csv || fail "measures"
# One row per metric at MCP level (rows are metric,unit,status,...).
n=$(awk -F, 'NR > 1 { print $1 }' m.csv | sort -u | wc -l)
[ "$n" -ge 40 ] || fail "only $n metrics"
# Columns: metric unit status numerator denominator value lower upper level
# previous_value change_from_previous compared_with_mcp funnel_lower_95
# funnel_upper_95 funnel_lower_99_8 funnel_upper_99_8 funnel note.
head -1 m.csv | grep -q ',funnel,note$' || fail "CSV header: $(head -1 m.csv)"
awk -F, 'NR > 1 && $3 == "missing" && $18 == "" { exit 1 }' m.csv ||
	fail "a missing metric without a reason"
awk -F, 'NR > 1 && $3 == "ok" && $6 == "" { exit 1 }' m.csv ||
	fail "an ok metric without a value"
grep -q '^acsc_chronic_unplanned,MCP,ok,' m.csv || fail "no ACSC rate"
# The PCH numerators add up to the MCP numerator.
mcp=$(awk -F, '$1 == "acsc_chronic_unplanned" { print $4 }' m.csv)
ob measures -w ws --year 2020/21 --unit pch --metric acsc_chronic_unplanned --format csv >p.csv ||
	fail "by pch"
sum=$(awk -F, 'NR > 1 { s += $4 } END { print s }' p.csv)
[ "$sum" = "$mcp" ] || fail "PCH numerators $sum do not add up to $mcp"
# Publication: no numerator of 1 to 7 is shown, the rest are multiples of 5.
ob measures -w ws --year 2020/21 --unit practice --format csv --publish >pub.csv || fail "publish"
awk -F, 'NR > 1 && $3 == "ok" && $4 != "" && $4 >= 1 && $4 <= 7 { exit 1 }' pub.csv ||
	fail "a count of 1 to 7 was published"
grep -q ',suppressed,' pub.csv || fail "nothing suppressed at practice level"
expect_status 1 ob measures -w ws --year 2020/21 --metric no_such_metric
grep -q "'no_such_metric' is not a metric of the catalogue" err.txt || fail "bad metric message"
# Life expectancy by deprivation: a value, or suppressed by one of PHE's
# rules with the reason (a small test population often has empty age
# bands), at MCP level; other units say why not.
for id in life_expectancy_gap_male life_expectancy_gap_female life_expectancy_sii_female; do
	line=$(grep "^$id,MCP," m.csv) || fail "no $id row"
	case "$line" in
	*,ok,*) ;;
	*,suppressed,*,) fail "$id suppressed without a reason" ;;
	*,suppressed,*) ;;
	*) fail "unexpected $id row: $line" ;;
	esac
done
ob measures -w ws --year 2020/21 --unit pch --metric life_expectancy_gap_female --format csv >le.csv
grep -q "computed for the whole MCP only" le.csv || fail "LE by PCH did not say why"
# JSON: valid, one object per CSV row, no NaN.
ob measures -w ws --year 2020/21 --format json >m.json || fail "json"
[ "$(sqlite3 :memory: "select json_valid(readfile('m.json'))")" = 1 ] || fail "invalid JSON"
rows=$(sqlite3 :memory: "select json_array_length(json_extract(readfile('m.json'), '\$.measures'))")
[ "$rows" = "$(($(wc -l <m.csv) - 1))" ] || fail "JSON has $rows measures, CSV $(($(wc -l <m.csv) - 1))"
if grep -Eqi ': *-?(nan|inf)' m.json; then fail "NaN in JSON"; fi
# Dementia diagnosis rate: observed over expected (CFAS II age-sex rates).
line=$(grep '^dementia_diagnosis_rate,MCP,ok,' m.csv) || fail "no dementia diagnosis rate"
echo "$line" | awk -F, '{ exit !($5 > 0 && $6 > 0 && $6 < 200 && $7 < $6 && $8 > $6) }' ||
	fail "dementia rate row: $line"
# Care plans in the record, and the records-minus-survey gap per unit.
rec=$(awk -F, '$1 == "care_plan_recorded" && $2 == "MCP" { print $6 }' m.csv)
srv=$(awk -F, '$1 == "care_plan_survey" && $2 == "MCP" { print $6 }' m.csv)
gap=$(awk -F, '$1 == "care_plan_gap" && $2 == "MCP" { print $6 }' m.csv)
[ -n "$rec" ] && [ -n "$srv" ] && [ -n "$gap" ] || fail "care plan rows: '$rec' '$srv' '$gap'"
awk -v r="$rec" -v s="$srv" -v g="$gap" 'BEGIN { d = r - s - g; exit !(d < 1e-6 && d > -1e-6) }' ||
	fail "gap $gap is not $rec - $srv"
# Funnel limits for units below the MCP: around the MCP value, wider at
# 99.8% than at 95%, and a position word.
ob measures -w ws --year 2020/21 --unit pch --metric delayed_transfers_of_care \
	--format csv >f.csv || fail "funnel by pch"
awk -F, 'NR > 1 && $3 == "ok" { n++; if (!($15 <= $13 && $13 <= $14 && $14 <= $16) || $17 == "") exit 1 }
	END { exit !(n > 0) }' f.csv || fail "funnel limits: $(sed -n 2p f.csv)"
# Monthly series with XmR limits and special-cause words.
ob measures -w ws --year 2020/21 --series month --metric acsc_chronic_unplanned --format csv >s.csv ||
	fail "series"
head -1 s.csv | grep -q '^metric,unit,month,numerator,denominator,value,mean,lower,upper,special_cause$' ||
	fail "series header"
n=$(awk -F, 'NR > 1' s.csv | wc -l)
[ "$n" -ge 36 ] || fail "only $n months in the series"
awk -F, 'NR > 1 { if ($3 !~ /^20[0-9][0-9]-[01][0-9]$/ || !($8 <= $7 && $7 <= $9)) exit 1 }' s.csv ||
	fail "a bad series row: $(sed -n 2p s.csv)"
expect_status 1 ob measures -w ws --year 2020/21 --series month --metric feel_safe
grep -q "has no monthly series" err.txt || fail "series of a survey metric: $(cat err.txt)"
