# Every defect in extract-bad is rejected with file, line, field and reason;
# every good row is kept; counts reconcile; NHS numbers are redacted.
. "$TESTS/lib.sh"
cp -r "$ROOT/tests/data/extract-bad" extract
ob init ws >/dev/null
ob import extract -w ws --show-rejects 0 >import.out || fail "import failed"
golden import.out import-bad.out
ob rejects -w ws --out rejects.csv || fail "rejects failed"
golden rejects.csv rejects-bad.csv
db=ws/workspace.sqlite
# read = accepted + rejected for every file, and rejects match the counts.
[ "$(sql $db 'select count(*) from manifest where rows_read != rows_accepted + rows_rejected')" = 0 ] ||
	fail "manifest does not reconcile"
[ "$(sql $db 'select sum(rows_rejected) from manifest')" = "$(sql $db 'select count(*) from reject')" ] ||
	fail "reject rows do not match the counts"
for n in 9990000019 9990000018 9990000050; do
	if grep -a -q "$n" $db rejects.csv; then fail "raw NHS number $n stored"; fi
done
ob rejects -w ws --file mff.csv >mff.csv || fail "rejects --file"
[ "$(wc -l <mff.csv)" = 2 ] || fail "--file did not filter"
ob init ws2 >/dev/null
expect_status 1 ob import extract -w ws2 --strict
grep -q "37 rows rejected; nothing was imported" err.txt || fail "strict: $(cat err.txt)"
[ "$(sql ws2/workspace.sqlite 'select count(*) from extract')" = 0 ] || fail "--strict stored rows"
