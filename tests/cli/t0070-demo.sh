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
# A second demo replaces the first; a directory no demo made is refused.
ob demo --out d --persons 2500 >again.out 2>&1 || { cat again.out; fail "second demo failed"; }
grep -q "replacing the previous demo" again.out || fail "second demo did not say it replaced"
[ "$(sqlite3 d/workspace/workspace.sqlite 'select count(*) from extract')" = 1 ] ||
	fail "second demo left two extracts"
mkdir -p mine/workspace
expect_status 1 ob demo --out mine --persons 2500
grep -q "files that no demo made" err.txt || fail "foreign dir: $(cat err.txt)"
