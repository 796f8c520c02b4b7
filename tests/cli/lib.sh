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
