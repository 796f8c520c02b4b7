# population: every unit adds up to the same total, the formats agree, the
# bases and their overlap are reported; caseload: only the PCH's frail older
# people, ranked by HFRS, pseudonyms only.
. "$TESTS/lib.sh"
ob synth --out x --persons 6000 --seed 21 >/dev/null || fail "synth"
ob init ws >/dev/null
ob import x -w ws >/dev/null || fail "import"
ob population -w ws --year 2019/20 >mcp.txt || fail "population"
grep -q "^registered population, 2019/20" mcp.txt || fail "no title"
total=$(awk '$1 == "total" { print $2 }' mcp.txt)
[ "$total" -gt 5000 ] || fail "total registered $total"
for by in practice pch locality lsoa segment imd; do
	ob population -w ws --year 2019/20 --by $by --format csv >$by.csv || fail "--by $by"
	sum=$(awk -F, 'NR > 1 && $1 != "total" { s += $2 } END { print s }' $by.csv)
	[ "$sum" = "$total" ] || fail "--by $by groups add up to $sum, not $total"
done
# Segment person-years and costs add up to the totals (columns: group,
# people, person_years, male, female, 6 age bands, 8 segment person-years,
# 8 segment costs, cost).
ob population -w ws --year 2019/20 --format csv >mcp.csv || fail "csv"
awk -F, '$1 == "total" { py = 0; c = 0
	for (i = 12; i <= 19; i++) py += $i
	for (i = 20; i <= 27; i++) c += $i
	if (py - $3 > 0.01 || $3 - py > 0.01) exit 1
	if (c - $28 > 0.001 || $28 - c > 0.001) exit 2 }' mcp.csv ||
	fail "segments do not add up to the total (code $?)"
ob population -w ws --year 2019/20 --format json >p.json || fail "json"
[ "$(sqlite3 :memory: "select json_valid(readfile('p.json'))")" = 1 ] || fail "invalid JSON"
ob population -w ws --year 2019/20 --basis resident --by locality >res.txt || fail "resident"
grep -q "^resident population, 2019/20" res.txt || fail "resident title"
grep -q "resident, registered with a practice outside it" res.txt || fail "no overlap report"
other=$(sed -n 's/.*resident, registered with a practice outside it *\([0-9]*\)/\1/p' res.txt)
[ "$other" -gt 0 ] || fail "no residents registered with West London practices"
expect_status 2 ob population -w ws --year 2019/20 --by ward
grep -q "'ward' is not one of" err.txt || fail "bad --by message"
expect_status 2 ob population -w ws --year 2019
grep -q "is not a financial year" err.txt || fail "bad --year message"

pch=$(awk -F, 'NR == 2 { print $1 }' pch.csv)
ob caseload -w ws --year 2019/20 --pch "$pch" >case.txt || fail "caseload"
grep -q "^CONFIDENTIAL" case.txt || fail "no confidentiality line"
awk 'NR > 4 && $1 ~ /^[0-9]+$/ {
	if (length($2) != 32 || $2 !~ /^[0-9a-f]+$/) exit 1;
	if ($4 < 65) exit 2;
	if (NR > 5 && $6 > prev + 1e-9) exit 3;
	prev = $6 }' case.txt || fail "caseload rows wrong (code $?)"
[ "$(awk 'NR > 4 && $1 ~ /^[0-9]+$/' case.txt | wc -l)" -gt 0 ] || fail "empty caseload"
expect_status 1 ob caseload -w ws --year 2019/20 --pch NOWHERE
grep -q "'NOWHERE' is not a primary care home" err.txt || fail "bad pch message"

# The column cache: written by the first load, used by the next, and a
# damaged or missing cache gives exactly the same results.
ob population -w ws --year 2019/20 --by pch --format csv >first.csv || fail "first"
ls ws/cache/extract-1.columns >/dev/null 2>&1 || fail "no column cache written"
ob population -w ws --year 2019/20 --by pch --format csv >cached.csv || fail "cached"
cmp -s pch.csv cached.csv || fail "cached load differs"
ONEBUDGET_NO_CACHE=1 ob population -w ws --year 2019/20 --by pch --format csv >nocache.csv ||
	fail "no cache"
cmp -s pch.csv nocache.csv || fail "database load differs"
size=$(stat -c %s ws/cache/extract-1.columns)
# Flip a byte in the middle, then truncate: both must fall back.
printf '\377' | dd of=ws/cache/extract-1.columns bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
ob population -w ws --year 2019/20 --by pch --format csv >flipped.csv || fail "flipped"
cmp -s pch.csv flipped.csv || fail "a corrupt cache changed the results"
truncate -s $((size / 3)) ws/cache/extract-1.columns
ob population -w ws --year 2019/20 --by pch --format csv >short.csv || fail "truncated"
cmp -s pch.csv short.csv || fail "a truncated cache changed the results"
[ "$(stat -c %s ws/cache/extract-1.columns)" = "$size" ] || fail "the cache was not rebuilt"
