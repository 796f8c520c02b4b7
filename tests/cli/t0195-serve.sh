# serve: usage errors are clear and come before the model is loaded; a
# workspace without a contract is refused; a port already in use is an
# error, not a hang; SIGINT stops the server cleanly.
. "$TESTS/lib.sh"
ob serve --help >help.txt || fail "--help"
grep -q "^usage: onebudget serve -w WORKSPACE" help.txt || fail "no usage line"
grep -q "^example:" help.txt || fail "no example"
expect_status 2 ob serve
grep -q "serve needs -w WORKSPACE" err.txt || fail "no -w: $(cat err.txt)"
expect_status 2 ob serve -w ws --bind nope
grep -q "error: --bind 'nope': expected an IPv4 or IPv6 address" err.txt || fail "bad bind: $(cat err.txt)"
expect_status 2 ob serve -w ws --port 70000
grep -q "port" err.txt || fail "bad port: $(cat err.txt)"
expect_status 2 ob serve -w ws --session-minutes 0
expect_status 1 ob serve -w nowhere
grep -q "is not a workspace" err.txt || fail "no workspace: $(cat err.txt)"

ob synth --out x --persons 3000 --seed 5 >/dev/null || fail "synth"
ob init ws >/dev/null
ob import x -w ws >/dev/null || fail "import"
expect_status 1 ob serve -w ws
grep -q "has no contract" err.txt || fail "no contract: $(cat err.txt)"
ob contract add -w ws default >/dev/null || fail "contract add"

"$ONEBUDGET" serve -w ws --port 0 >a.out 2>a.err &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for i in $(seq 1 300); do
	grep -q '^serve: http' a.out 2>/dev/null && break
	kill -0 $pid 2>/dev/null || { cat a.err; fail "serve exited"; }
	sleep 0.2
done
port=$(sed -n 's|^serve: http://127.0.0.1:\([0-9]*\)/ (years 2019/20 to 2021/22); stop with Ctrl-C$|\1|p' a.out)
[ -n "$port" ] || fail "serve printed: $(cat a.out)"
expect_status 1 ob serve -w ws --port "$port"
grep -q "cannot listen on 127.0.0.1 port $port" err.txt || fail "port in use: $(cat err.txt)"
kill -INT $pid
wait $pid || fail "serve did not stop cleanly on SIGINT"
trap - EXIT
grep -q '^serve: stopped$' a.out || fail "serve did not say it stopped"
