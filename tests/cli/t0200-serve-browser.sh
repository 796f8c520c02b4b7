# The dashboard in a real browser and over HTTP (tests/browser/
# dashboard.mjs): sign in and out, navigation, charts drawn, and every role
# boundary - nobody, commissioner, MCP finance, an alliance member and a
# PCH team, with tampered paths, parameters and cookies - refused with the
# right status, logged, and no person-level data to a role that may not
# see it.  Screenshots go to $SHOTS when set (docs/screenshots).
. "$TESTS/lib.sh"
command -v node >/dev/null || fail "node is missing (scripts/install-deps)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "chromium is missing (scripts/install-deps)"
[ -d "$ROOT/web/node_modules/playwright-core" ] || fail "playwright-core is missing (make builds web/node_modules)"
ob synth --out x --persons 8000 --seed 3 >/dev/null || fail "synth"
ob init ws >/dev/null
ob import x -w ws >/dev/null || fail "import"
ob contract add -w ws default >/dev/null || fail "contract add"

pw="correct horse battery staple"
pchs=$(sql ws/workspace.sqlite "SELECT DISTINCT pch FROM practice WHERE pch IS NOT NULL ORDER BY pch")
pch=$(echo "$pchs" | sed -n 1p)
other=$(echo "$pchs" | sed -n 2p)
[ -n "$pch" ] && [ -n "$other" ] || fail "fewer than two PCHs"
for u in "ann commissioner" "fin mcp-finance" "clive alliance clch" "pat pch $pch"; do
	set -- $u
	echo "$pw" | ob user add -w ws --name "$1" --role "$2" ${3:+--scope "$3"} \
		--password-stdin >/dev/null || fail "user add $1"
done
ob caseload -w ws --year 2021/22 --pch "$pch" --limit 5 >caseload.txt || fail "caseload"
pseudonyms=$(awk 'NR > 4 && NF > 5 { printf "%s\"%s\"", n++ ? "," : "", $2 }' caseload.txt)
[ -n "$pseudonyms" ] || fail "no caseload to look for"
cat >setup.json <<JSON
{"year": "2021-22", "password": "$pw",
 "users": {"com": "ann", "fin": "fin", "alliance": "clive", "pch": "pat"},
 "pch": "$pch", "other_pch": "$other",
 "party_name": "Central London Community Healthcare NHS Trust",
 "other_party_name": "Imperial College Healthcare NHS Trust",
 "pseudonyms": [$pseudonyms]}
JSON

"$ONEBUDGET" serve -w ws --port 0 >serve.out 2>serve.err &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for i in $(seq 1 300); do
	grep -q '^serve: http' serve.out 2>/dev/null && break
	kill -0 $pid 2>/dev/null || { cat serve.err; fail "serve exited"; }
	sleep 0.2
done
url=$(sed -n 's|^serve: \(http://[^ ]*\)/ .*|\1|p' serve.out)
[ -n "$url" ] || { cat serve.out serve.err; fail "serve printed no address"; }
mkdir -p shots
node "$ROOT/tests/browser/dashboard.mjs" "$url" setup.json "${SHOTS:-shots}" >dash.out 2>&1 ||
	{ cat dash.out; tail -20 serve.err; fail "dashboard"; }
tail -1 dash.out
kill $pid
wait $pid || fail "serve did not stop cleanly on SIGTERM"
trap - EXIT
grep -q '^serve: stopped$' serve.out || fail "serve did not say it stopped"

# Every refusal is logged, with who, what, the status and why.
ob user log -w ws >log.txt || fail "user log"
for want in " 401 " " 403 " " 400 " " 404 " " 429 " "pat" "ann"; do
	grep -q -- "$want" log.txt || { cat log.txt; fail "the access log has no '$want'"; }
done
grep -q "refused GET /caseload/2021-22/$other to pat" serve.err || fail "the refusal is not on standard error"
# No password, and no session token, is kept in the clear.
if grep -q "$pw" ws/workspace.sqlite; then fail "a password in the database"; fi
exit 0
