# The demo runs end to end (small population) and says where its outputs are.
. "$TESTS/lib.sh"
ob demo --out d --persons 2500 >demo.out 2>&1 || { cat demo.out; fail "demo failed"; }
grep -q "^registered population, 2021/22" demo.out || fail "no population summary"
grep -q "^total " demo.out || fail "no total"
grep -q "^8 Long decline" demo.out || fail "no segment mix"
grep -q "HFRS intermediate" demo.out || fail "no frailty bands"
for loc in north centre south; do
	grep -q "^  $loc " demo.out || fail "no $loc locality"
done
for pch in NORTH_1 CENTRE_1 SOUTH_1; do
	grep -q "^$pch " demo.out || fail "no $pch"
done
grep -q "workspace  d/workspace/workspace.sqlite" demo.out || fail "outputs not named"
[ -f d/workspace/workspace.sqlite ] || fail "no workspace"
# The shipped contract is stored; the year's measures and budget are written.
[ "$(sqlite3 d/workspace/workspace.sqlite 'select count(*) from contract_version')" = 1 ] ||
	fail "the contract was not stored"
grep -q "^  measures   d/measures-2021-22.csv" demo.out || fail "measures file not named"
grep -q "^  budget     d/budget-2021-22.txt" demo.out || fail "budget file not named"
grep -q '^acsc_chronic_unplanned,NORTH_1,' d/measures-2021-22.csv || fail "no ACSC by PCH"
grep -q '^20  capitated budget' d/budget-2021-22.txt || fail "no capitated budget in the bridge"
grep -q "^  incentives d/incentives-2021-22.txt" demo.out || fail "incentives file not named"
grep -q "^earned .*, net incentive payment" d/incentives-2021-22.txt || fail "no incentives total"
[ "$(sqlite3 d/workspace/workspace.sqlite 'select count(*) from incentive_curve')" -gt 0 ] ||
	fail "the demo froze no curves"
grep -q "^  statement  d/workspace/settlements/2021-22-v1/statement.xlsx" demo.out ||
	fail "the statement is not named"
[ -s d/workspace/settlements/2021-22-v1/statement.xlsx ] || fail "no statement.xlsx"
grep -q "MCP net result" d/workspace/settlements/2021-22-v1/statement.txt || fail "no MCP result"
grep -q "^  report     d/report-2021-22.html" demo.out || fail "the report is not named"
grep -q "<title>" d/report-2021-22.html || fail "no report"
ob budget -w d/workspace --year 2021/22 >b.txt || fail "budget from the stored contract"
cmp -s b.txt d/budget-2021-22.txt || fail "budget differs from the demo's"
# A second demo replaces the first; a directory no demo made is refused.
ob demo --out d --persons 2500 >again.out 2>&1 || { cat again.out; fail "second demo failed"; }
grep -q "replacing the previous demo" again.out || fail "second demo did not say it replaced"
[ "$(sqlite3 d/workspace/workspace.sqlite 'select count(*) from extract')" = 1 ] ||
	fail "second demo left two extracts"
mkdir -p mine/workspace
expect_status 1 ob demo --out mine --persons 2500
grep -q "files that no demo made" err.txt || fail "foreign dir: $(cat err.txt)"
