# Outcome incentives: curves are calibrated and frozen in the workspace, a
# second run reuses them, recalibration and weight changes need --force
# with a reason (audited), the stored rows cannot be changed, and the
# year's money adds up: allocations to the pot, earnings within them, the
# net payment to earnings less sanctions.
. "$TESTS/lib.sh"
export SOURCE_DATE_EPOCH=1640995200 # 2022-01-01T00:00:00Z
export USER=tester
ob synth --out x --persons 40000 --seed 11 >/dev/null || fail "synth"
ob init ws >/dev/null
ob import x -w ws >/dev/null || fail "import"
expect_status 1 ob calibrate -w ws --year 2021/22
grep -q "has no contract" err.txt || fail "no contract: $(cat err.txt)"
ob contract add -w ws default >/dev/null || fail "contract add"

ob calibrate -w ws --year 2021/22 --simulate 400 >cal1.out || fail "calibrate"
grep -q "^acsc_chronic_unplanned at MCP: curve for 2020/21 to before 2023/24 (calibrated now" cal1.out ||
	fail "no ACSC curve: $(head -20 cal1.out)"
grep -q "simulated 400 years (parametric)" cal1.out || fail "no parametric simulation"
grep -q "simulated 400 years (bootstrap" cal1.out || fail "no bootstrap simulation"
grep -q "noise check: P(full reward | target improvement" cal1.out || fail "no noise check"
n1=$(sql ws/workspace.sqlite "SELECT count(*) FROM incentive_curve")
[ "$n1" -ge 10 ] || fail "only $n1 curves stored"
[ "$(sql ws/workspace.sqlite "SELECT count(*) FROM audit_log WHERE action = 'incentives.calibrate'")" = "$n1" ] ||
	fail "calibrations not audited"
[ "$(sql ws/workspace.sqlite "SELECT count(*) FROM incentive_weight")" = 7 ] || fail "weights not stored"

# Frozen: a second run shows the stored curves and stores nothing.
ob calibrate -w ws --year 2021/22 >cal2.out || fail "calibrate again"
grep -q "^acsc_chronic_unplanned at MCP: .*(frozen, stored 2022-01-01T00:00:00Z)" cal2.out ||
	fail "second run did not reuse the frozen curve"
[ "$(sql ws/workspace.sqlite "SELECT count(*) FROM incentive_curve")" = "$n1" ] || fail "curves added"
sed -n '/^acsc_chronic_unplanned at MCP/,/^$/p' cal1.out | sed -n '2,4p' >a1
sed -n '/^acsc_chronic_unplanned at MCP/,/^$/p' cal2.out | sed -n '2,4p' >a2
diff a1 a2 || fail "the frozen curve differs from the one calibrated"
# The database refuses to change or delete a curve.
if sql ws/workspace.sqlite "UPDATE incentive_curve SET baseline = 0" 2>upd.err; then
	fail "a curve was updated"
fi
grep -q "frozen" upd.err || fail "update message: $(cat upd.err)"

# Recalibrating before the review year needs --force and a reason.
expect_status 2 ob calibrate -w ws --year 2021/22 --force
grep -q "needs --reason" err.txt || fail "force without reason: $(cat err.txt)"
ob calibrate -w ws --year 2021/22 --force --reason "data correction agreed 3 Jan" >cal3.out ||
	fail "forced recalibration"
n3=$(sql ws/workspace.sqlite "SELECT count(*) FROM incentive_curve")
[ "$n3" = $((2 * n1)) ] || fail "forced recalibration stored $n3 curves, not $((2 * n1))"
[ "$(sql ws/workspace.sqlite "SELECT count(*) FROM incentive_curve WHERE supersedes IS NOT NULL AND reason = 'data correction agreed 3 Jan'")" = "$n1" ] ||
	fail "superseding curves not linked with the reason"
[ "$(sql ws/workspace.sqlite "SELECT count(*) FROM audit_log WHERE action = 'incentives.recalibrate' AND reason = 'data correction agreed 3 Jan' AND who = 'tester'")" = "$n1" ] ||
	fail "recalibration not audited"

# A weight never changes once set, unless forced with a reason.
sed '0,/weight: 30$/s//weight: 35/' "$ROOT/data/contracts/westminster.yaml" >c2.yaml
cmp -s c2.yaml "$ROOT/data/contracts/westminster.yaml" && fail "test setup: no weight of 30 to change"
ob contract add -w ws c2.yaml >/dev/null || fail "add the changed contract"
expect_status 1 ob calibrate -w ws --year 2021/22
grep -q "Weights never change once set" err.txt || fail "weight change not refused: $(cat err.txt)"
ob calibrate -w ws --year 2021/22 --force --reason "board decision 12" >/dev/null || fail "forced weight"
[ "$(sql ws/workspace.sqlite "SELECT count(*) FROM audit_log WHERE action = 'incentives.weight.change' AND reason = 'board decision 12'")" = 1 ] ||
	fail "weight change not audited"
ob contract add -w ws default >/dev/null || fail "back to the shipped contract"
ob calibrate -w ws --year 2021/22 --force --reason "back to the procured weights" >/dev/null ||
	fail "restore the weight"

# The money of 2021/22.
ob incentives -w ws --year 2021/22 --format csv >inc.csv || fail "incentives"
awk -F, "$PENCE"'
$1 == "outcome" { a += pence($14); e += pence($15); if (pence($15) > pence($14) || pence($15) < 0) bad = 1; n++ }
$1 == "standard" { s += pence($15) }
$1 == "total" && $2 == "pot" { pot = pence($14) }
$1 == "total" && $2 == "earned" { te = pence($15) }
$1 == "total" && $2 == "sanctions" { ts = pence($15) }
$1 == "total" && $2 == "net" { tn = pence($15) }
END {
	if (bad || n < 7) exit 1
	if (a != pot) { print "allocations " a " != pot " pot; exit 1 }
	if (e != te) { print "earned " e " != total " te; exit 1 }
	if (s != ts) { print "sanctions " s " != total " ts; exit 1 }
	if (tn != te + ts) { print "net " tn " != " te " + " ts; exit 1 }
}' inc.csv || fail "the money does not add up: $(cat inc.csv)"
grep -q '^standard,dementia_diagnosis_rate,MCP,' inc.csv || fail "no national standard"
grep -q '^local,feel_safe,MCP,not paid,' inc.csv || fail "local outcomes not reported"
ob incentives -w ws --year 2021/22 >inc.txt || fail "incentives table"
grep -q "^earned .*, net incentive payment " inc.txt || fail "no total"
