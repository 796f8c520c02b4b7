# Every command answers --help on stdout with its usage line and exit 0;
# unknown commands and options are usage errors (exit 2).
. "$TESTS/lib.sh"
ob --help >help.txt || fail "--help failed"
grep -q '^usage: onebudget <command>' help.txt || fail "no usage in --help"
for cmd in $(sed -n 's/^  \([a-z]*\)  .*/\1/p' help.txt); do
	ob "$cmd" --help >h.txt 2>&1 || fail "$cmd --help exited non-zero"
	grep -q "^usage: onebudget $cmd" h.txt || fail "$cmd --help has no usage line"
	grep -q "^example" h.txt || grep -q "^options" h.txt ||
		fail "$cmd --help explains nothing"
done
ob version | grep -q '^onebudget [0-9]' || fail "no version"
expect_status 2 ob frobnicate
grep -q "'frobnicate' is not a onebudget command" err.txt || fail "bad message"
expect_status 2 ob import --no-such-option
grep -q "unknown option '--no-such-option'" err.txt || fail "bad option message"
expect_status 2 ob import
grep -q "usage: onebudget import" err.txt || fail "missing usage"
