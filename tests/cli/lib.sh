# Shared helpers for the CLI tests (sourced).  $ONEBUDGET is the binary,
# $ROOT the source tree, the current directory a scratch directory.
set -u
ob() { "$ONEBUDGET" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }
# Compare a produced file with tests/cli/expected/NAME; UPDATE=1 rewrites.
golden() {
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$1" "$TESTS/expected/$2"
		return 0
	fi
	diff -u "$TESTS/expected/$2" "$1" || fail "output differs from expected/$2"
}
# Run a command that must fail with status $1; its stderr goes to err.txt.
expect_status() {
	want=$1
	shift
	"$@" >out.txt 2>err.txt
	got=$?
	[ "$got" -eq "$want" ] || {
		cat out.txt err.txt
		fail "'$*' exited $got, expected $want"
	}
}
sql() { sqlite3 -batch -noheader "$1" "$2"; }

# An awk function for money fields: pence("-1234.5") is -123450, exactly
# (doubles hold every penny up to 2^53).  Use as awk "$PENCE"'program'.
PENCE='
function pence(s,   neg, i, w, f) {
	neg = substr(s, 1, 1) == "-"; if (neg) s = substr(s, 2)
	i = index(s, "."); w = i ? substr(s, 1, i - 1) : s
	f = i ? substr(s, i + 1) : "0"; if (length(f) == 1) f = f "0"
	return (neg ? -1 : 1) * (w * 100 + f)
}'
