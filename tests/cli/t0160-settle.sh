# settle: a year's statement from the workspace, stored with its files; the
# same inputs give byte-identical files; a settled year is never
# overwritten (a re-settlement is a new version that leaves the first
# intact, audited); --what-if stores nothing; the parts add up.
. "$TESTS/lib.sh"
export SOURCE_DATE_EPOCH=1656633600 # 2022-07-01T00:00:00Z
export USER=tester
ob synth --out x --persons 20000 --seed 5 >/dev/null || fail "synth"
for w in w1 w2; do
	if [ "$w" = w1 ]; then ob init $w >/dev/null; else ob init $w --key-from w1/key >/dev/null; fi
	ob import x -w $w >/dev/null || fail "import $w"
	ob contract add -w $w default >/dev/null || fail "contract add $w"
done
# A what-if on a workspace where nothing is settled or calibrated yet
# writes nothing: no settlement, no frozen curve, no weight, no audit entry.
audit0=$(sql w1/workspace.sqlite "SELECT count(*) FROM audit_log")
ob settle -w w1 --year 2021/22 --what-if risk_share.2021/22.corridor=0.01 \
	--format csv >wi0.csv 2>wi0.err || { cat wi0.err; fail "first what-if"; }
[ "$(sql w1/workspace.sqlite "SELECT count(*) FROM settlement")" = 0 ] || fail "what-if stored a settlement"
[ "$(sql w1/workspace.sqlite "SELECT count(*) FROM incentive_curve")" = 0 ] || fail "what-if froze curves"
[ "$(sql w1/workspace.sqlite "SELECT count(*) FROM incentive_weight")" = 0 ] || fail "what-if stored weights"
[ "$(sql w1/workspace.sqlite "SELECT count(*) FROM audit_log")" = "$audit0" ] || fail "what-if wrote the audit log"
ob settle -w w1 --year 2021/22 >s1.out || fail "settle"
grep -q "^settled 2021/22 as version 1; files in w1/settlements/2021-22-v1/" s1.out ||
	fail "where: $(tail -3 s1.out)"
d=w1/settlements/2021-22-v1
for f in statement.xlsx statement.csv statement.json statement.txt out-of-area.csv; do
	[ -s "$d/$f" ] || fail "no $f"
done
[ "$(head -c 4 "$d/statement.xlsx" | od -An -tx1 | tr -d ' ')" = 504b0304 ] || fail "statement.xlsx is not a ZIP"
[ "$(sql w1/workspace.sqlite "SELECT xlsx_sha256 FROM settlement")" = "$(sha256sum "$d/statement.xlsx" | cut -c1-64)" ] ||
	fail "stored XLSX hash differs from the file"
[ "$(sql w1/workspace.sqlite "SELECT statement_sha256 FROM settlement")" = "$(sha256sum "$d/statement.csv" | cut -c1-64)" ] ||
	fail "stored CSV hash differs from the file"
# The alliance parts add up to the MCP's net result, to the penny.
awk -F, "$PENCE"'
$2 == "MCP" && $3 == "\"MCP net result\"" { net = pence($4) }
$2 == "alliance" { s += pence($4); n++ }
END { exit !(n == 5 && s == net) }' "$d/statement.csv" || fail "alliance split does not add up"
grep -q '^contract: westminster_mcp version 1, sha256 ' "$d/statement.txt" || fail "no contract provenance"
grep -q '^extract: extract 1, sha256 ' "$d/statement.txt" || fail "no extract provenance"

# Byte-identical from another workspace with the same key and inputs.
ob settle -w w2 --year 2021/22 >/dev/null || fail "settle w2"
for f in statement.xlsx statement.csv statement.json statement.txt out-of-area.csv; do
	cmp "$d/$f" "w2/settlements/2021-22-v1/$f" || fail "$f differs between two runs"
done

# Never overwritten; a re-settlement needs a reason and is a new version.
expect_status 1 ob settle -w w1 --year 2021/22
grep -q "is settled (version 1, 2022-07-01T00:00:00Z by tester" err.txt || fail "overwrite: $(cat err.txt)"
expect_status 2 ob settle -w w1 --year 2021/22 --resettle
sha256sum "$d"/* >v1.sums
ob settle -w w1 --year 2021/22 --resettle --reason "ledger restated in July" >s2.out || fail "resettle"
grep -q "as version 2 (a re-settlement)" s2.out || fail "resettle message"
sha256sum -c --quiet v1.sums || fail "version 1's files changed"
[ "$(sql w1/workspace.sqlite "SELECT count(*) FROM settlement WHERE version = 2 AND supersedes = 1 AND reason = 'ledger restated in July'")" = 1 ] ||
	fail "version 2 not linked to version 1"
[ "$(sql w1/workspace.sqlite "SELECT count(*) FROM audit_log WHERE action = 'settlement.resettle' AND who = 'tester' AND reason = 'ledger restated in July'")" = 1 ] ||
	fail "re-settlement not audited"
if sql w1/workspace.sqlite "DELETE FROM settlement" 2>del.err; then fail "a settlement was deleted"; fi
grep -q "immutable" del.err || fail "delete message: $(cat del.err)"

# What-if: recomputed with changed terms, nothing stored.
ob settle -w w1 --year 2021/22 --what-if risk_share.2021/22.gain_share=0.9 \
	--what-if risk_share.2021/22.corridor=0 --format csv >wi.csv 2>wi.err || fail "what-if"
grep -q "nothing was stored" wi.err || fail "what-if did not say so"
[ "$(sql w1/workspace.sqlite "SELECT count(*) FROM settlement")" = 2 ] || fail "what-if stored a settlement"
grep -q '^13,pool:mcp_budget,"corridor",0.00,' wi.csv || fail "what-if corridor not applied: $(sed -n 14p wi.csv)"
expect_status 1 ob settle -w w1 --year 2021/22 --what-if risk_share.2021/22.gain_shar=0.9
grep -q "gain_shar" err.txt || fail "bad what-if key: $(cat err.txt)"
