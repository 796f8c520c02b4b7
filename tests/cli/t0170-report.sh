# report: one self-contained HTML file per year - no network loads, the NHS
# styles and every chart's Vega-Lite spec (valid JSON) inlined, a text
# alternative per chart, wide tables in focusable scrolling regions; life
# expectancy by deprivation group; --publish writes only the public file,
# with every count and denominator rounded to 5 and 1 to 7 suppressed; two
# runs are byte-identical; --section, --unit and --party cut the report
# down as the dashboard's views do.
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
	chart-life-expectancy chart-inequalities chart-bridge chart-capitation \
	chart-pool-mcp_budget; do
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
# Every section, in order, and the contents list of all of them.
[ "$(grep -o '<section aria-labelledby="[a-z-]*">' "$f" | tr '\n' ' ')" = \
	'<section aria-labelledby="population"> <section aria-labelledby="outcomes"> <section aria-labelledby="inequalities"> <section aria-labelledby="budget"> <section aria-labelledby="risk-share"> ' ] ||
	fail "sections: $(grep -o '<section aria-labelledby="[a-z-]*">' "$f" | tr '\n' ' ')"
[ "$(grep -c '^<li><a href="#' "$f")" = 8 ] || fail "contents: $(grep -c '^<li><a href="#' "$f") entries"
# Wide tables scroll in a focusable region: the scorecard, the statement
# and every chart's data table.
grep -q '^<h3 id="scorecard-table">Scorecard</h3>$' "$f" || fail "no scorecard heading"
grep -A1 '^<h3 id="scorecard-table">' "$f" | grep -q '^<div class="ob-scroll" tabindex="0" role="region" aria-labelledby="scorecard-table">$' ||
	fail "the scorecard is not in a scrolling region"
grep -A1 '^<h3 id="statement">' "$f" | grep -q '^<div class="ob-scroll" tabindex="0" role="region" aria-labelledby="statement">$' ||
	fail "the statement is not in a scrolling region"
[ "$(grep -c '^<div class="ob-scroll" tabindex="0" role="region" aria-label="Data table: ' "$f")" = "$charts" ] ||
	fail "not every chart's data table is in a scrolling region"
[ "$(grep -c '<table class="nhsuk-table">' "$f")" = "$((charts + 2))" ] || fail "a table outside the known ones"
# Life expectancy in each deprivation group, by sex, with 95% limits.
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-life-expectancy">\(.*\)<\/script>$/\1/p' "$f" >le.json
[ "$(sqlite3 :memory: "select count(distinct json_extract(value, '\$.sex')) || ' ' || max(json_extract(value, '\$.group')) from json_each(readfile('le.json'), '\$.data.values')")" = "2 5" ] ||
	fail "life expectancy: not 2 sexes by 5 quintiles"
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('le.json'), '\$.data.values') where json_extract(value, '\$.lower95') < json_extract(value, '\$.le') and json_extract(value, '\$.le') < json_extract(value, '\$.upper95') and json_extract(value, '\$.le') between 60 and 100")" -ge 5 ] ||
	fail "life expectancy: too few published values with limits"
grep -q '<p>Quintiles are shown, as the life-expectancy gap uses: not every decile' "$f" ||
	grep -q '<p>Deciles are shown' "$f" || fail "no word on deciles or quintiles"

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

# The public version: --publish into an empty directory writes only the
# public file.
ob report -w w --year 2021/22 --out pub --publish >out.txt || fail "report --publish"
p=pub/report-2021-22-public.html
grep -q "^report: $p (" out.txt || fail "where (public): $(cat out.txt)"
[ "$(ls pub)" = report-2021-22-public.html ] || fail "--publish wrote: $(ls pub | tr '\n' ' ')"
grep -q '<title>Westminster MCP accountable care contract: report 2021/22 (public)</title>' "$p" || fail "public title"
sed -n 's/^<script type="application\/json" id="data-scorecard">\(.*\)<\/script>$/\1/p' "$p" >pub.json
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('pub.json'))")" = "$metrics" ] ||
	fail "public scorecard lost metrics"
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('sc.json')) where json_extract(value, '\$.numerator') between 1 and 7")" -gt 0 ] ||
	fail "the test needs a small numerator in the full report"
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('sc.json')) where json_extract(value, '\$.denominator') <> 5 * round(json_extract(value, '\$.denominator') / 5.0)")" -gt 0 ] ||
	fail "the test needs an exact denominator in the full report"
# Numerators and denominators: multiples of 5, never 1 to 7, but money
# (the spend metrics' pence) shown as computed.
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('pub.json')) where
	(json_extract(value, '\$.numerator') between 1 and 7 or
	 json_extract(value, '\$.numerator') <> 5 * round(json_extract(value, '\$.numerator') / 5.0)) and
	json_extract(value, '\$.unit') not in ('% of budget', '% of spend', 'pounds per person-year')")" = 0 ] ||
	fail "public scorecard shows an exact numerator"
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('pub.json')) where
	(json_extract(value, '\$.denominator') between 1 and 7 or
	 json_extract(value, '\$.denominator') <> 5 * round(json_extract(value, '\$.denominator') / 5.0)) and
	json_extract(value, '\$.unit') not in ('% of budget', '% of spend')")" = 0 ] ||
	fail "public scorecard shows an exact denominator"
# A value without its numerator is suppressed with it.
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('pub.json')) where json_extract(value, '\$.numerator') is null and json_extract(value, '\$.value') is not null")" = 0 ] ||
	fail "public scorecard shows a value whose numerator is suppressed"
grep -q 'counts of 1 to 7 are suppressed' "$p" || fail "no publication note"
# Every count in every chart's data (people, person-years, deaths,
# numerators, funnel denominators) is published by the same rule.
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="[^"]*">\(.*\)<\/script>$/\1/p' "$p" >pubspecs.txt
[ "$(grep -c . pubspecs.txt)" -ge 12 ] || fail "public specs"
n=0
bad=0
while IFS= read -r spec; do
	n=$((n + 1))
	printf '%s' "$spec" >spec.json
	c=$(sqlite3 :memory: "select count(*) from json_each(readfile('spec.json'), '\$.data.values') r, json_each(r.value) k
		where k.key in ('people', 'person_years', 'deaths', 'numerator', 'denominator')
		and k.type in ('integer', 'real') and (k.value between 1 and 7 or k.value <> 5 * round(k.value / 5.0))")
	[ "$c" = 0 ] || { bad=$((bad + c)); echo "spec $n: $(head -c 120 spec.json)"; }
done <pubspecs.txt
[ "$bad" = 0 ] || fail "$bad exact counts in the public charts' data"
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-funnel-[^"]*">\(.*\)<\/script>$/\1/p' "$f" >funnels.txt
[ "$(grep -c '"denominator":[0-9]*\.[0-9]' funnels.txt)" -gt 0 ] ||
	fail "the test needs exact funnel denominators in the full report"
# No alliance member's share in the public statement.
if grep -q '>alliance: ' "$p"; then fail "the public statement shows the alliance split"; fi
grep -q 'Public version: the statement leaves out the alliance split' "$p" || fail "public: no word on the alliance split"
# The event counts in the statement's text too.
grep -q 'listed: [0-9]* (rounded to 5)\|listed: 1 to 7 (rounded to 5)' "$p" || fail "out-of-area events not rounded"

expect_status 2 ob report -w w --year 2021/22
grep -q 'needs -w WORKSPACE and --out DIR' err.txt || fail "usage: $(cat err.txt)"

# --section: only the sections named, the contents list only theirs (none
# for one section alone).
ob report -w w --year 2021/22 --out s1 --section population >/dev/null || fail "--section population"
s1=s1/report-2021-22.html
[ "$(grep -o '<section aria-labelledby="[a-z-]*">' "$s1" | tr '\n' ' ')" = '<section aria-labelledby="population"> ' ] ||
	fail "--section population wrote $(grep -o '<section aria-labelledby="[a-z-]*">' "$s1" | tr '\n' ' ')"
if grep -q '<nav class="ob-nav' "$s1"; then fail "contents for one section"; fi
if grep -q 'data-chart="chart-\(bridge\|funnel\|spc\)' "$s1"; then fail "other sections' charts"; fi
ob report -w w --year 2021/22 --out s2 --section budget --section=settlement,population >/dev/null ||
	fail "--section repeated"
s2=s2/report-2021-22.html
[ "$(grep -o '<section aria-labelledby="[a-z-]*">' "$s2" | tr '\n' ' ')" = \
	'<section aria-labelledby="population"> <section aria-labelledby="budget"> <section aria-labelledby="risk-share"> ' ] ||
	fail "--section budget,settlement,population wrote $(grep -o '<section aria-labelledby="[a-z-]*">' "$s2" | tr '\n' ' ')"
[ "$(grep '^<li><a href="#' "$s2" | tr -d '\n')" = '<li><a href="#population">Population</a></li><li><a href="#budget">Budget</a></li><li><a href="#risk-share">Risk share and settlement</a></li>' ] ||
	fail "contents: $(grep '^<li>' "$s2")"
ob report -w w --year 2021/22 --out s3 --section inequalities >/dev/null || fail "--section inequalities"
grep -q 'data-chart="chart-life-expectancy"' s3/report-2021-22.html || fail "inequalities alone: no life expectancy"
[ "$(sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-inequalities">\(.*\)<\/script>$/\1/p' s3/report-2021-22.html)" = \
	"$(sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-inequalities">\(.*\)<\/script>$/\1/p' "$f")" ] ||
	fail "inequalities alone differ from the full report's"
expect_status 2 ob report -w w --year 2021/22 --out s4 --section outcome
grep -q "section 'outcome' is not one of population, outcomes" err.txt || fail "bad section: $(cat err.txt)"

# --unit: one primary care home's view.
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-pyramid-pch">\(.*\)<\/script>$/\1/p' "$f" >pyr.json
pch=$(sqlite3 :memory: "select json_extract(value, '\$.unit') from json_each(readfile('pyr.json'), '\$.data.values') limit 1")
[ -n "$pch" ] || fail "no PCH code"
ob report -w w --year 2021/22 --out un --unit "$pch" >out.txt || fail "--unit $pch"
u=un/report-2021-22-$pch.html
grep -q "^report: $u (" out.txt || fail "where (unit): $(cat out.txt)"
grep -q "<h1>Westminster MCP accountable care contract: report 2021/22, primary care home $pch</h1>" "$u" || fail "unit title"
grep -q 'data-chart="chart-pyramid-pch"' "$u" || fail "unit: no pyramid"
if grep -q 'data-chart="chart-pyramid-mcp"\|data-chart="chart-bases"' "$u"; then fail "unit: the MCP's population charts"; fi
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-pyramid-pch">\(.*\)<\/script>$/\1/p' "$u" >upyr.json
[ "$(sqlite3 :memory: "select group_concat(distinct json_extract(value, '\$.unit')) from json_each(readfile('upyr.json'), '\$.data.values')")" = "$pch" ] ||
	fail "unit pyramid is not $pch's alone"
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-segments">\(.*\)<\/script>$/\1/p' "$u" >useg.json
[ "$(sqlite3 :memory: "select group_concat(distinct json_extract(value, '\$.pch')) from json_each(readfile('useg.json'), '\$.data.values')")" = "$pch" ] ||
	fail "unit segment mix is not $pch's alone"
sed -n 's/^<script type="application\/json" id="data-scorecard">\(.*\)<\/script>$/\1/p' "$u" >usc.json
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('usc.json'))")" = "$metrics" ] || fail "unit scorecard rows"
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('usc.json')) u join json_each(readfile('sc.json')) m
	on json_extract(u.value, '\$.metric') = json_extract(m.value, '\$.metric')
	where json_extract(u.value, '\$.mcp') = json_extract(m.value, '\$.value')")" -ge 30 ] ||
	fail "unit scorecard: the MCP values are not beside"
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('usc.json')) where json_extract(value, '\$.vs_mcp') in ('better', 'worse', 'similar', 'higher', 'lower')")" -ge 20 ] ||
	fail "unit scorecard: no comparison with the MCP"
grep -q 'The SPC charts are for the whole MCP' "$u" || fail "unit: no word on SPC"
[ "$(grep -c '"selected":"yes"' "$u")" -ge 10 ] || fail "unit: funnel points not marked"
grep -q "the selected primary care home, $pch, is the larger orange diamond" "$u" || fail "unit: funnel text alternative"
sed -n 's/^<script type="application\/json" class="ob-spec" data-chart="chart-capitation">\(.*\)<\/script>$/\1/p' "$u" >ucap.json
[ "$(sqlite3 :memory: "select group_concat(distinct json_extract(value, '\$.pch')) from json_each(readfile('ucap.json'), '\$.data.values') where json_extract(value, '\$.selected') = 'yes'")" = "$pch" ] ||
	fail "unit: capitation not highlighted"
expect_status 1 ob report -w w --year 2021/22 --out un --unit NOWHERE
grep -q "no primary care home 'NOWHERE' in the extract (valid: .*$pch" err.txt || fail "bad unit: $(cat err.txt)"
ob report -w w --year 2021/22 --out un --unit "$pch" --publish --section outcomes >/dev/null || fail "--unit --publish"
sed -n 's/^<script type="application\/json" id="data-scorecard">\(.*\)<\/script>$/\1/p' "un/report-2021-22-$pch-public.html" >upub.json
[ "$(sqlite3 :memory: "select count(*) from json_each(readfile('upub.json')) where
	(json_extract(value, '\$.numerator') between 1 and 7 or json_extract(value, '\$.numerator') <> 5 * round(json_extract(value, '\$.numerator') / 5.0) or
	 json_extract(value, '\$.denominator') between 1 and 7 or json_extract(value, '\$.denominator') <> 5 * round(json_extract(value, '\$.denominator') / 5.0)) and
	json_extract(value, '\$.unit') not in ('% of budget', '% of spend', 'pounds per person-year')")" = 0 ] ||
	fail "public unit scorecard shows an exact count"

# --party: an alliance member sees the pools and its own share only.
ob report -w w --year 2021/22 --out pa --party cnwl --section settlement >out.txt || fail "--party cnwl"
a=pa/report-2021-22-cnwl.html
grep -q "^report: $a (" out.txt || fail "where (party): $(cat out.txt)"
grep -q 'data-chart="chart-pool-mcp_budget"' "$a" || fail "party: no pool waterfall"
grep -q '>alliance: Central and North West London NHS Foundation Trust<' "$a" || fail "party: its own line"
[ "$(grep -c '>alliance: ' "$a")" = 1 ] || fail "party: other members' lines shown"
grep -q '>alliance: Central London Community Healthcare NHS Trust<' "$f" || fail "the full report lost the alliance lines"
grep -q '<h3 id="your-share">Your share</h3>' "$a" || fail "party: no Your share"
grep -q "Central and North West London NHS Foundation Trust&#39;s share of the MCP&#39;s result is £[0-9,.]* (line [0-9]*): 25% of the MCP net result" "$a" ||
	fail "party: share summary"
expect_status 1 ob report -w w --year 2021/22 --out pa --party nobody
grep -q "no alliance party 'nobody' in the contract (valid: clch, cnwl, gp_federation, imperial, chelwest)" err.txt ||
	fail "bad party: $(cat err.txt)"
exit 0
