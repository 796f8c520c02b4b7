# budget: the bridge adds up line by line to the penny, every unit list
# sums exactly to the capitated budget, the model is validated, and errors
# say what is missing.
. "$TESTS/lib.sh"
ob synth --out x --persons 20000 --seed 7 >/dev/null || fail "synth"
ob init ws >/dev/null
ob import x -w ws >/dev/null || fail "import"
expect_status 1 ob budget -w ws --year 2021/22
grep -q "has no contract" err.txt || fail "no-contract message: $(cat err.txt)"
ob budget -w ws --year 2021/22 --contract default --format csv >b.csv || fail "budget csv"

# Each step's running total is the previous one plus its amount; subtotals
# repeat the running total.
awk -F, "$PENCE"'
$1 == "bridge" {
	a = pence($4); r = pence($5)
	if ($2 ~ /^"(contract budget|capitated budget)/) { if (r != prev || a != prev) exit 1 }
	else if (n && r != prev + a) exit 1
	else if (!n && r != a) exit 1
	prev = r; n++
}
END { exit !(n >= 10) }' b.csv || fail "the bridge does not add up"
cap=$(awk -F, "$PENCE"'$1 == "bridge" && $2 == "\"capitated budget\"" { printf "%.0f", pence($5) }' b.csv)
[ -n "$cap" ] || fail "no capitated budget line"
for unit in pch locality practice segment; do
	sum=$(awk -F, -v s="capitation_$unit" "$PENCE"'$1 == s { t += pence($4) } END { printf "%.0f", t }' b.csv)
	[ "$sum" = "$cap" ] || fail "$unit capitation sums to $sum, not $cap"
done
sum=$(awk -F, "$PENCE"'$1 == "capitation_segment" { sub(/^budget from costs /, "", $8); t += pence($8) } END { printf "%.0f", t }' b.csv)
[ "$sum" = "$cap" ] || fail "segment budgets from costs sum to $sum, not $cap"
# A step checked by hand: inflation 2018/19 is the running total before it
# times 2.1%, to the penny (half away from zero).
awk -F, "$PENCE"'
$1 == "bridge" && $2 ~ /^"inflation 2018\/19/ {
	want = before * 0.021; want = want < 0 ? -int(-want + 0.5) : int(want + 0.5)
	exit !(pence($4) == want)
}
$1 == "bridge" { before = pence($5) }' b.csv || fail "inflation 2018/19 is not 2.1% of the running total"
# Validation figures are there and sane.
awk -F, '$1 == "validation" && $2 == "r2_person" { ok = $7 > 0 && $7 < 1 } END { exit !ok }' b.csv ||
	fail "no person-level R2"
n=$(grep -c '^predictive_ratio,decile' b.csv)
[ "$n" = 10 ] || fail "$n deciles"
grep -q '^affordability,2020/21,' b.csv || fail "no affordability row for 2020/21"
# JSON is valid and agrees with the CSV.
ob budget -w ws --year 2021/22 --contract default --format json >b.json || fail "json"
[ "$(sqlite3 :memory: "select json_valid(readfile('b.json'))")" = 1 ] || fail "invalid JSON"
# Years outside the contract, and a bad contract file, are refused.
expect_status 2 ob budget -w ws --year 2016/17 --contract default
grep -q "outside the contract" err.txt || fail "year message: $(cat err.txt)"
printf 'contract:\n  id: x\n' >bad.yaml
expect_status 1 ob budget -w ws --year 2021/22 --contract bad.yaml
grep -q "bad.yaml:" err.txt || fail "bad contract message: $(cat err.txt)"
# With a stored contract, budget uses it, and spend against budget becomes a
# measure: per PCH, spend in scope over capitation, the PCH capitations
# adding up to the capitated budget.
ob measures -w ws --year 2021/22 --metric spend_against_budget --format csv >s0.csv || fail "measures"
grep -q '^spend_against_budget,-,missing,.*onebudget contract add' s0.csv ||
	fail "spend against budget without a contract: $(cat s0.csv)"
ob contract add -w ws default >/dev/null || fail "contract add"
ob budget -w ws --year 2021/22 --format csv >b2.csv || fail "budget from the stored contract"
cmp -s b.csv b2.csv || fail "stored and shipped contract give different budgets"
ob measures -w ws --year 2021/22 --unit pch --metric spend_against_budget --format csv >s.csv ||
	fail "measures with a budget"
n=$(awk -F, '$3 == "ok" && $6 > 0' s.csv | wc -l)
[ "$n" = 7 ] || fail "spend against budget by PCH: $(cat s.csv)"
sum=$(awk -F, 'NR > 1 { t += $5 } END { printf "%.0f", t }' s.csv)
[ "$sum" = "$cap" ] || fail "PCH budgets in measures sum to $sum, not $cap"
