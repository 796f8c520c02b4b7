# report: one self-contained HTML file per year - no network loads, the NHS
# styles and every chart's Vega-Lite spec (valid JSON) inlined, a text
# alternative per chart; --publish suppresses numerators of 1 to 7; two runs
# are byte-identical.
. "$TESTS/lib.sh"
export SOURCE_DATE_EPOCH=1656633600 # 2022-07-01T00:00:00Z
ob synth --out x --persons 20000 --seed 5 >/dev/null || fail "synth"
ob init w >/dev/null || fail "init"
ob import x -w w >/dev/null || fail "import"
ob contract add -w w default >/dev/null || fail "contract add"

ob report -w w --year 2021/22 --out r >out.txt || fail "report"
f=r/report-2021-22.html
grep -q "^report: $f ([0-9]* bytes)$" out.txt || fail "where: $(cat out.txt)"
[ -s "$f" ] || fail "no $f"

# Self-contained: nothing loaded from elsewhere.
if grep -Eiq '(src|href)="(https?:)?//' "$f"; then fail "external src/href"; fi
if grep -Eiq 'url\((["'\'']?)(https?:)?//' "$f"; then fail "external url()"; fi
if grep -Eq '<(script|link)[^>]* (src|href)=' "$f"; then fail "a script or stylesheet is not inlined"; fi
grep -q '<title>Westminster MCP accountable care contract: report 2021/22</title>' "$f" || fail "no <title>"
grep -q 'class="nhsuk-header"' "$f" || fail "no nhsuk-header"
grep -q -- '--nhsuk-frontend-version' "$f" || fail "NHS CSS not inlined"
grep -q 'vegaEmbed' "$f" || fail "vega-embed not inlined"
grep -q 'href="#maincontent"' "$f" || fail "no skip link"
grep -q '<nav class="ob-nav' "$f" || fail "no in-page navigation"
grep -q 'Generated 2022-07-01' "$f" || fail "SOURCE_DATE_EPOCH not used"

# Every section's charts, each with its spec and a text alternative.
for id in chart-pyramid-mcp chart-pyramid-pch chart-segments chart-bases \
	chart-spc- chart-funnel- chart-reward- chart-incentive-money \
	chart-inequalities chart-bridge chart-capitation chart-pool-mcp_budget; do
	grep -q "data-chart=\"$id" "$f" || fail "no spec for $id"
	grep -q "class=\"ob-vis\" id=\"$id" "$f" || fail "no container for $id"
done
charts=$(grep -c 'class="ob-vis"' "$f")
specs=$(grep -c 'class="ob-spec"' "$f")
alts=$(grep -c 'class="nhsuk-details ob-alt"' "$f")
labelled=$(grep -c 'class="ob-vis" id="[^"]*" role="img" aria-label="[^"]' "$f")
[ "$charts" -ge 12 ] || fail "only $charts charts"
[ "$specs" = "$charts" ] && [ "$alts" = "$charts" ] && [ "$labelled" = "$charts" ] ||
	fail "charts $charts, specs $specs, tables $alts, labelled $labelled"
grep -q '<h3 id="statement">Settlement statement</h3>' "$f" || fail "no settlement statement"

# The specs are valid JSON with data and a mark or layers.
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="[^"]*">\(.*\)<\/script>$/\1/p' "$f" >specs.txt
[ "$(wc -l <specs.txt)" = "$charts" ] || fail "specs not one a line"
if grep -q '"url":' specs.txt; then fail "a chart loads its data from a URL"; fi
n=0
while IFS= read -r spec; do
	n=$((n + 1))
	printf '%s' "$spec" >spec.json
	[ "$(sqlite3 :memory: "select json_valid(readfile('spec.json')) and json_type(readfile('spec.json'), '\$.data.values') = 'array'")" = 1 ] ||
		fail "spec $n is not valid JSON with data"
done <specs.txt
sed -n 's/^<script type="application\/json" id="data-scorecard">\(.*\)<\/script>$/\1/p' "$f" >sc.json
[ "$(sqlite3 :memory: "select json_valid(readfile('sc.json'))")" = 1 ] || fail "scorecard data is not JSON"
metrics=$(sqlite3 :memory: "select count(*) from json_each(readfile('sc.json'))")
[ "$metrics" -ge 40 ] || fail "scorecard has $metrics metrics"

# Deterministic.
cp "$f" first.html
ob report -w w --year 2021/22 --out r >/dev/null || fail "report again"
cmp first.html "$f" || fail "two runs differ"

# The public version: no numerator of 1 to 7; counts rounded to 5.
ob report -w w --year 2021/22 --out r --publish >out.txt || fail "report --publish"
p=r/report-2021-22-public.html
grep -q "^report: $p (" out.txt || fail "where (public): $(cat out.txt)"
sed -n 's/^<script type="application\/json" id="data-scorecard">\(.*\)<\/script>$/\1/p' "$p" >pub.json
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('pub.json'))")" = "$metrics" ] ||
	fail "public scorecard lost metrics"
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('pub.json')) where json_extract(value, '\$.numerator') between 1 and 7")" = 0 ] ||
	fail "public scorecard shows a numerator of 1 to 7"
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('sc.json')) where json_extract(value, '\$.numerator') between 1 and 7")" -gt 0 ] ||
	fail "the test needs a small numerator in the full report"
grep -q 'counts of 1 to 7 are suppressed' "$p" || fail "no publication note"
# The pyramid's counts are published by the same rule.
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-pyramid-pch">\(.*\)<\/script>$/\1/p' "$p" >pyr.json
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('pyr.json'), '\$.data.values') where json_extract(value, '\$.people') % 5 != 0 or json_extract(value, '\$.people') between 1 and 7")" = 0 ] ||
	fail "public pyramid shows an unrounded count"

expect_status 2 ob report -w w --year 2021/22
grep -q 'needs -w WORKSPACE and --out DIR' err.txt || fail "usage: $(cat err.txt)"
exit 0
