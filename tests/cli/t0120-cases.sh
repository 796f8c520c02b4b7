# The hand-worked cases of tests/cases/ (see tests/cases/README.md): each
# case's extract is imported, the budget of its contract computed, and the
# rows of the sections in expected.csv compared byte for byte.
. "$TESTS/lib.sh"
cases="$ROOT/tests/cases"
n=0
for dir in "$cases"/budget-*/; do
	name=$(basename "$dir")
	ob init "ws-$name" >/dev/null || fail "$name: init"
	ob import "$dir/extract" -w "ws-$name" >import.out ||
		{ cat import.out; fail "$name: import"; }
	grep -q '^total .* 0$' import.out || { cat import.out; fail "$name: rows rejected"; }
	ob budget -w "ws-$name" --year 2019/20 --contract "$dir/contract.yaml" \
		--format csv >"$name.csv" || fail "$name: budget"
	sections=$(cut -d, -f1 "$dir/expected.csv" | sort -u | paste -sd'|')
	grep -E "^($sections)," "$name.csv" >"$name.got"
	diff -u "$dir/expected.csv" "$name.got" || fail "$name: differs from expected.csv"
	n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n cases"
