# The hand-worked settlement cases of tests/cases/settle-* (see
# tests/cases/README.md): each case's inputs give exactly the statement in
# its expected.csv, whose figures its comments work by hand.
. "$TESTS/lib.sh"
n=0
for dir in "$ROOT"/tests/cases/settle-*/; do
	name=$(basename "$dir")
	if [ -f "$dir/case.txt" ]; then
		ob settle --case "$dir/case.txt" --format csv >"$name.csv" || fail "$name: settle"
	else
		# A whole year from a tiny extract and contract: the statement,
		# and the out-of-area events without the dataset's row numbers
		# (they follow the pseudonyms, which follow the key).
		ob init "ws-$name" >/dev/null || fail "$name: init"
		ob import "$dir/extract" -w "ws-$name" >/dev/null || fail "$name: import"
		ob contract add -w "ws-$name" "$dir/contract.yaml" >/dev/null || fail "$name: contract"
		ob settle -w "ws-$name" --year 2019/20 --out "out-$name" >/dev/null || fail "$name: settle"
		cp "out-$name/statement.csv" "$name.csv"
		cut -d, -f1,4- "out-$name/out-of-area.csv" >"$name-ooa.csv"
		diff -u "$dir/expected-out-of-area.csv" "$name-ooa.csv" ||
			fail "$name: out-of-area events differ"
	fi
	diff -u "$dir/expected.csv" "$name.csv" || fail "$name: differs from expected.csv"
	n=$((n + 1))
done
[ "$n" -ge 7 ] || fail "only $n cases"
# A bad case file names the file, the line and the key.
printf 'year = 2021/22\ncorridor = lots\n' >bad.txt
expect_status 1 ob settle --case bad.txt
grep -q "bad.txt:2: bad value for 'corridor'" err.txt || fail "bad case message: $(cat err.txt)"
