# Whole-file problems fail the import with a precise message and leave the
# workspace exactly as it was.
. "$TESTS/lib.sh"
ob init ws >/dev/null
db=ws/workspace.sqlite
cp "$db" before.sqlite
check_unchanged() {
	cmp -s "$db" before.sqlite || fail "a failed import changed the workspace"
}
cp -r "$ROOT/tests/data/extract-small" e1
rm e1/persons.csv
expect_status 1 ob import e1 -w ws
grep -q "error: e1: the extract has no persons.csv" err.txt || fail "missing file: $(cat err.txt)"
check_unchanged
cp -r "$ROOT/tests/data/extract-small" e2
sed -i '1s/cost/costs/' e2/activity.csv
expect_status 1 ob import e2 -w ws
grep -q "error: activity.csv:1: unknown column 'costs'" err.txt || fail "unknown column: $(cat err.txt)"
check_unchanged
cp -r "$ROOT/tests/data/extract-small" e3
sed -i '1s/,sex,/,gender,/' e3/persons.csv
expect_status 1 ob import e3 -w ws
grep -q "unknown column 'gender'" err.txt || fail "renamed column: $(cat err.txt)"
cp -r "$ROOT/tests/data/extract-small" e4
: >e4/tariff.csv
expect_status 1 ob import e4 -w ws
grep -q "error: tariff.csv:1: the file is empty" err.txt || fail "empty file: $(cat err.txt)"
check_unchanged
cp -r "$ROOT/tests/data/extract-small" e5
sed -i '1s/practice_name/practice_code/' e5/practices.csv
expect_status 1 ob import e5 -w ws
grep -q "column 'practice_code' appears twice" err.txt || fail "duplicate column: $(cat err.txt)"
check_unchanged
