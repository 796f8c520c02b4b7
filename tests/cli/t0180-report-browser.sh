# The report in a real browser: Debian's headless Chromium, driven by
# playwright-core (web/package-lock.json), opens the file with no network;
# every chart is drawn, the SPC and funnel charts with one point per month
# or unit, with no console errors and no request leaving the
# file, and a screenshot of the first screen is not blank; the public
# version too.
. "$TESTS/lib.sh"
command -v node >/dev/null || fail "node is missing (scripts/install-deps)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "chromium is missing (scripts/install-deps)"
[ -d "$ROOT/web/node_modules/playwright-core" ] || fail "playwright-core is missing (make builds web/node_modules)"
export SOURCE_DATE_EPOCH=1656633600
ob synth --out x --persons 8000 --seed 3 >/dev/null || fail "synth"
ob init ws >/dev/null
ob import x -w ws >/dev/null || fail "import"
ob contract add -w ws default >/dev/null || fail "contract add"
ob report -w ws --year 2021/22 --out r >/dev/null || fail "report"
ob report -w ws --year 2021/22 --out r --publish >/dev/null || fail "public report"
for f in report-2021-22 report-2021-22-public; do
	node "$ROOT/tests/browser/report.mjs" "r/$f.html" "$f.png" >"$f.out" 2>&1 ||
		{ cat "$f.out"; fail "$f in the browser"; }
	cat "$f.out"
	grep -q "^charts: \([0-9]*\) of \1 drawn" "$f.out" || fail "$f: not every chart drawn"
	grep -q "^points: [1-9][0-9]* SPC charts .* funnel plots .* drawn as expected$" "$f.out" ||
		fail "$f: the SPC and funnel points are not as expected"
done
