# contract: check validates and summarises without a workspace; add stores
# immutable versions keyed by the SHA-256 of the text (the same text twice
# is one version, "unchanged"); list and show; show --text gives back the
# exact bytes; the database refuses UPDATE and DELETE of versions and audit
# entries; a bad file fails with file:line:column and exit 1, and so do an
# incentive on a metric of the wrong category of the catalogue, alliance
# shares that do not sum to 1 and a loss cap in an upside-only year; check
# prints the risk share, the local prices and the alliance split; a version-1
# workspace is migrated to version 2 when opened, keeping its data.
. "$TESTS/lib.sh"
export SOURCE_DATE_EPOCH=1561939200 # 2019-07-01T00:00:00Z
export USER=tester

# check: the shipped contract and a copy of it.
ob contract check default >check.out || fail "check default"
grep -q '^contract westminster_mcp: ' check.out || fail "no contract line"
grep -q '^years: base 2017/18, shadow 2019/20, first full 2020/21, last 2024/25$' check.out ||
	fail "years"
grep -Eq '^  in: 9 lines +167400000.00 +167400000.00$' check.out || fail "in-scope total"
grep -Eq '^  partly: 3 lines +151000000.00 +20000000.00$' check.out || fail "partly total"
grep -Eq '^  2019/20 +11 +142400000.00 ' check.out || fail "scope of the shadow year"
grep -Eq '^  2022/23 +12 +187400000.00  ADULT_SOCIAL_CARE \(variation social_care\)$' check.out ||
	fail "social care variation"
grep -Eq '^  2020/21 +0.90% +2.10% +1.10% +140700000.00 \*$' check.out || fail "assumptions"
# The incentives: the pot by year with the outcomes paid and their points,
# the outcomes, the national standards.
grep -Eq '^  2019/20 +0.00% +0 +0$' check.out || fail "pot of the shadow year"
grep -Eq '^  2020/21 +1.00% +5 +85 \*$' check.out || fail "pot of 2020/21"
grep -Eq '^  2024/25 +5.00% +7 +120 \*$' check.out || fail "pot of 2024/25"
grep -Eq '^    acsc_chronic_unplanned +mcp +- +2020/21 +30 +10 +50 \*$' check.out ||
	fail "outcome acsc_chronic_unplanned"
grep -Eq '^    care_plan_involvement +mcp +2020/21 +2021/22 +10 +0 +4 \*$' check.out ||
	fail "baselined outcome"
grep -Eq '^    days_at_home_frail +pch ' check.out || fail "outcome judged per PCH"
grep -Eq '^    dementia_diagnosis_rate +from 2019/20 +standard 66.7 +50000.00 pounds \*$' check.out ||
	fail "national standard with a sanction in pounds"
grep -Eq "^    delayed_transfers_of_care +from 2019/20 +standard 1500 +0.10% of the year's budget \*$" check.out ||
	fail "national standard with a sanction share"
# The risk share (two pools; upside-only, then two-sided), the local prices
# of out-of-area activity and the alliance split.
grep -Eq '^    mcp_budget +budget +The MCP' check.out || fail "budget pool"
grep -Eq '^    acute +acute +.*\(ledger line ACUTE, baseline 113000000.00\)$' check.out ||
	fail "acute pool"
grep -Eq '^  2019/20 +1.00% +25.00% +0.50% +0.00% +0.00% +1000000.00  reinvestment no +0.00% \*$' check.out ||
	fail "risk share of the shadow year"
grep -Eq '^  2024/25 +0.50% +50.00% +3.00% +50.00% +2.00% +2000000.00  provider +yes +3.00% \*$' check.out ||
	fail "risk share of 2024/25"
grep -Eq '^    any +WF01A +OP +110.00$' check.out || fail "local price for any provider"
grep -Eq '^    RP6 +BZ34B +EL +950.00$' check.out || fail "local price at a provider"
grep -q '^alliance split: fixed shares$' check.out || fail "alliance split"
grep -Eq '^  gp_federation +20.00%$' check.out || fail "alliance share"
cp "$ROOT/data/contracts/westminster.yaml" c.yaml
ob contract check c.yaml >c.out || fail "check c.yaml"
grep -q "^source c.yaml, sha256 $(sha256sum c.yaml | cut -c1-64)$" c.out ||
	fail "check does not give the file's SHA-256"

# add: a version, the same text again, an edited text.
ob init ws >/dev/null || fail "init"
ob contract add -w ws c.yaml --note 'as procured' >add1.out || fail "add 1"
grep -q '^stored contract version 1 of westminster_mcp in ws ' add1.out || fail "add 1 message"
ob contract add -w ws default >add2.out || fail "add 2"
grep -q '^unchanged: contract version 1 of westminster_mcp in ws already holds this text' add2.out ||
	fail "the same text was not reported unchanged"
sed 's/share: 0.10  # illustrative/share: 0.12  # illustrative/' c.yaml >c2.yaml
cmp -s c.yaml c2.yaml && fail "the edit did not change the file"
ob contract add -w ws c2.yaml --note 'acute share 12%' >add3.out || fail "add 3"
grep -q '^stored contract version 2 of westminster_mcp' add3.out || fail "edited file not version 2"
[ "$(sql ws/workspace.sqlite 'SELECT count(*) FROM contract_version')" = 2 ] ||
	fail "expected two versions"
[ "$(sql ws/workspace.sqlite 'SELECT sha256 FROM contract_version WHERE id = 1')" = \
	"$(sha256sum c.yaml | cut -c1-64)" ] || fail "stored digest is not the file's"

# list and show.
ob contract list -w ws >list.out || fail "list"
[ "$(grep -c westminster_mcp list.out)" = 2 ] || fail "list: $(cat list.out)"
grep -Eq '^ +1  2019-07-01T00:00:00Z  westminster_mcp +[0-9a-f]{16}  c.yaml +as procured$' list.out ||
	fail "list row 1: $(cat list.out)"
ob contract show -w ws --version 1 --text >v1.yaml || fail "show --text 1"
cmp v1.yaml c.yaml || fail "version 1 text differs from the file"
ob contract show -w ws --text >v2.yaml || fail "show --text latest"
cmp v2.yaml c2.yaml || fail "latest text differs from the edited file"
ob contract show -w ws >show.out || fail "show"
grep -q '^contract version 2, stored 2019-07-01T00:00:00Z: acute share 12%$' show.out ||
	fail "show heading"
grep -Eq '^  ACUTE .* partly +0.12 2019/20 +113000000.00 +13560000.00 ' show.out ||
	fail "show: ACUTE at 12%"
expect_status 1 ob contract show -w ws --version 9
grep -q "has no contract version 9" err.txt || fail "missing version message"

# The audit log: two stores by $USER, nothing for the unchanged one.
adds="SELECT count(*) FROM audit_log WHERE action = 'contract.add'
	AND who = 'tester' AND at = '2019-07-01T00:00:00Z'"
[ "$(sql ws/workspace.sqlite "$adds")" = 2 ] ||
	fail "audit log: $(sql ws/workspace.sqlite 'SELECT * FROM audit_log')"

# Immutable: the triggers refuse changes, even from the sqlite3 shell.
for stmt in "UPDATE contract_version SET note = 'x'" \
	"UPDATE contract_version SET text = 'x' WHERE id = 1" \
	"DELETE FROM contract_version WHERE id = 2" \
	"UPDATE audit_log SET who = 'x'" "DELETE FROM audit_log"; do
	if sqlite3 ws/workspace.sqlite "$stmt" 2>err.txt; then
		fail "'$stmt' was allowed"
	fi
	grep -q "immutable" err.txt || fail "'$stmt': $(cat err.txt)"
done
ob contract show -w ws --version 1 --text | cmp - c.yaml || fail "version 1 changed"

# A bad file: exit 1, file:line:column, nothing stored.
sed 's/^    share: 0.25  # illustrative.*/    share: 1.5/' c.yaml >bad.yaml
line=$(grep -n '^    share: 1.5$' bad.yaml | cut -d: -f1)
[ -n "$line" ] || fail "could not make bad.yaml"
expect_status 1 ob contract check bad.yaml
msg="'share' of budget line 'PRESCRIBING' is 1.5 (expected a fraction above"
grep -q "^error: bad.yaml:$line:12: $msg 0 and below 1" err.txt ||
	fail "bad file message: $(cat err.txt)"
expect_status 1 ob contract add -w ws bad.yaml
grep -q "^error: bad.yaml:$line:12: " err.txt || fail "add of a bad file: $(cat err.txt)"
[ "$(sql ws/workspace.sqlite 'SELECT count(*) FROM contract_version')" = 2 ] ||
	fail "a bad file was stored"
# An outcome on a local_quality metric: the catalogue check refuses it in
# check and in add, at the metric's line and column.
sed 's/^    - metric: carer_confidence_6m$/    - metric: carer_burden_zbi22/' c.yaml >ref.yaml
line=$(grep -n '^    - metric: carer_burden_zbi22$' ref.yaml | cut -d: -f1)
[ -n "$line" ] || fail "could not make ref.yaml"
expect_status 1 ob contract check ref.yaml
msg="outcome 'carer_burden_zbi22' is a local_quality metric of the outcomes catalogue"
grep -q "^error: ref.yaml:$line:15: $msg (expected a pay_for_performance metric: " err.txt ||
	fail "catalogue check: $(cat err.txt)"
expect_status 1 ob contract add -w ws ref.yaml
grep -q "^error: ref.yaml:$line:15: $msg" err.txt || fail "add, catalogue check: $(cat err.txt)"
[ "$(sql ws/workspace.sqlite 'SELECT count(*) FROM contract_version')" = 2 ] ||
	fail "a file with a bad reference was stored"
# Alliance shares that do not sum to 1: refused at the members list.
sed 's/^    - {party: chelwest, share: 0.10}$/    - {party: chelwest, share: 0.05}/' c.yaml >sum.yaml
cmp -s c.yaml sum.yaml && fail "could not make sum.yaml"
line=$(grep -n '^  members:$' sum.yaml | cut -d: -f1)
expect_status 1 ob contract check sum.yaml
grep -q "^error: sum.yaml:$((line + 1)):5: the shares of the alliance members sum to 0.95 (expected" err.txt ||
	fail "alliance sum: $(cat err.txt)"
# A loss cap in an upside-only year.
sed 's/^       gain_cap: 0.01, loss_cap: 0, surplus_target: 1500000.00,$/       gain_cap: 0.01, loss_cap: 0.01, surplus_target: 1500000.00,/' \
	c.yaml >cap.yaml
cmp -s c.yaml cap.yaml && fail "could not make cap.yaml"
line=$(grep -n 'loss_cap: 0.01, surplus_target: 1500000.00,$' cap.yaml | cut -d: -f1)
expect_status 1 ob contract check cap.yaml
grep -q "^error: cap.yaml:$line:34: 'loss_cap' of the risk share of 2020/21 is 0.01 but its 'loss_share' is 0" err.txt ||
	fail "upside-only loss cap: $(cat err.txt)"
printf 'contract: {id: x\n' >broken.yaml
expect_status 1 ob contract check broken.yaml
grep -q "^error: broken.yaml:2:1: malformed YAML" err.txt || fail "broken YAML: $(cat err.txt)"
expect_status 1 ob contract check missing.yaml
grep -q "^error: missing.yaml: cannot open the contract" err.txt || fail "missing file: $(cat err.txt)"

# Usage errors exit 2; every subcommand has --help with an example.
expect_status 2 ob contract
expect_status 2 ob contract frob
expect_status 2 ob contract check
expect_status 2 ob contract add c.yaml
expect_status 2 ob contract show -w ws --version x
for sub in check add list show; do
	ob contract $sub --help >help.out || fail "$sub --help"
	grep -q "^example:" help.out || fail "$sub --help has no example"
done
ob contract --help | grep -q "^subcommands:" || fail "contract --help"

# Migration: a version-1 workspace (the tables of versions 2 and 3 dropped,
# which drops their triggers) with an extract in it is migrated when first
# opened, one version at a time.
ob init old >/dev/null || fail "init old"
ob import "$ROOT/tests/data/extract-small" -w old >/dev/null || fail "import into old"
sql old/workspace.sqlite "DROP TABLE contract_version; DROP TABLE audit_log;
	DROP TABLE incentive_curve; DROP TABLE incentive_weight;
	DROP TABLE settlement; DROP TABLE access_log; DROP TABLE app_session;
	DROP TABLE app_user;
	UPDATE meta SET value = '1' WHERE name = 'schema_version'"
[ "$(sql old/workspace.sqlite "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")" = 0 ] ||
	fail "the old workspace still has triggers"
ob contract list -w old >old-list.out || fail "list on a version-1 workspace"
grep -q "(no contract stored yet)" old-list.out || fail "old list: $(cat old-list.out)"
[ "$(sql old/workspace.sqlite "SELECT value FROM meta WHERE name = 'schema_version'")" = 5 ] ||
	fail "not migrated"
[ "$(sql old/workspace.sqlite "SELECT group_concat(action || ' ' || subject, '; ') FROM audit_log")" = \
	"workspace.migrate schema version 1 -> 2; workspace.migrate schema version 2 -> 3; workspace.migrate schema version 3 -> 4; workspace.migrate schema version 4 -> 5" ] ||
	fail "no audit entries for the migration"
schema() { sql "$1" "SELECT type, name, sql FROM sqlite_master ORDER BY name"; }
schema old/workspace.sqlite >old.schema
schema ws/workspace.sqlite >new.schema
diff -u new.schema old.schema || fail "the migrated schema differs from a new workspace's"
ob extracts -w old | grep -q "extract-small" || fail "the extract did not survive the migration"
ob contract add -w old default >/dev/null || fail "add to the migrated workspace"
# A newer schema is refused, not misread.
sql old/workspace.sqlite "UPDATE meta SET value = '99' WHERE name = 'schema_version'"
expect_status 1 ob contract list -w old
grep -q "schema version 99 is not the version this onebudget uses (5)" err.txt ||
	fail "newer schema: $(cat err.txt)"
