// report.mjs - open an onebudget HTML report in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) and check it renders: every
// chart container gets a drawn chart (an SVG or canvas with an area), the
// SPC and funnel charts draw one point per month or unit of their data,
// no console errors or page errors, no request leaves the file, and a
// screenshot of the page is not blank.
//
//   node tests/browser/report.mjs REPORT.html SCREENSHOT.png
//
// Prints one line per check and exits non-zero on the first failure.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

const [report, shot] = process.argv.slice(2);
if (!report || !shot) {
	console.error('usage: node report.mjs REPORT.html SCREENSHOT.png');
	process.exit(2);
}

function fail(msg) {
	console.error('FAIL: ' + msg);
	process.exit(1);
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	// The machine has no network: no background traffic at all.
	args: ['--no-sandbox', '--disable-background-networking',
		'--disable-component-update', '--disable-sync',
		'--disable-default-apps', '--no-first-run'],
});
try {
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors = [];
	const external = [];
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) external.push(r.url()); });
	await page.goto('file://' + path.resolve(report), { waitUntil: 'load' });
	const specs = await page.locator('script.ob-spec').count();
	const containers = await page.locator('[role="img"][id^="chart-"]').count();
	if (!containers) fail('no chart containers');
	// Vega renders asynchronously: wait until every container holds a chart.
	await page.waitForFunction(() => {
		const all = [...document.querySelectorAll('[role="img"][id^="chart-"]')];
		return all.every((c) => c.querySelector('svg, canvas'));
	}, null, { timeout: 60000 }).catch(() => {});
	// Drawn means an SVG or canvas with an area: a chart sized to its
	// container ("width": "container") is 0 wide when the element Vega-Embed
	// draws into has no width of its own.
	const drawn = await page.evaluate(() =>
		[...document.querySelectorAll('[role="img"][id^="chart-"]')]
			.filter((c) => {
				const g = c.querySelector('svg, canvas');
				if (!g) return false;
				const r = g.getBoundingClientRect();
				return r.width > 0 && r.height > 0;
			}).length);
	console.log(`charts: ${drawn} of ${containers} drawn (${specs} specs)`);
	if (drawn !== containers) fail(`${containers - drawn} charts not drawn or of no size`);
	// The SPC and funnel charts show the expected points: one drawn
	// symbol per row of the chart's data with a value (SPC: each month;
	// funnel: each primary care home), and each SPC chart's special-cause
	// points coloured apart from the common-cause ones.
	const points = await page.evaluate(() => {
		const out = [];
		for (const box of document.querySelectorAll('[role="img"][id^="chart-spc-"], [role="img"][id^="chart-funnel-"]')) {
			const spec = JSON.parse(document.querySelector(`script.ob-spec[data-chart="${box.id}"]`).textContent);
			const want = spec.data.values.filter((r) => r.value !== null && r.value !== undefined).length;
			const marks = [...box.querySelectorAll('g.mark-symbol.role-mark path')];
			const special = spec.data.values.filter((r) => r.value !== null && r.value !== undefined && r.cause && r.cause !== 'common cause').length;
			// Common cause is grey (#768692); every other colour marks a
			// special cause.
			const coloured = marks.filter((m) => (m.getAttribute('fill') || '').toLowerCase() !== '#768692').length;
			out.push({ id: box.id, want, got: marks.length, special, coloured });
		}
		return out;
	});
	const spc = points.filter((p) => p.id.startsWith('chart-spc-'));
	const funnel = points.filter((p) => p.id.startsWith('chart-funnel-'));
	if (!spc.length || !funnel.length) fail(`${spc.length} SPC and ${funnel.length} funnel charts`);
	for (const p of points) {
		if (p.got !== p.want) fail(`${p.id}: ${p.got} points drawn, ${p.want} expected`);
		if (p.id.startsWith('chart-spc-') && p.coloured !== p.special)
			fail(`${p.id}: ${p.coloured} points coloured as special causes, ${p.special} expected`);
	}
	console.log(`points: ${spc.length} SPC charts (${spc.reduce((a, p) => a + p.got, 0)} months, ` +
		`${spc.filter((p) => p.special).length} with special causes) and ${funnel.length} funnel plots ` +
		`(${funnel.reduce((a, p) => a + p.got, 0)} units) drawn as expected`);
	if (errors.length) fail('console errors: ' + errors.slice(0, 3).join(' | '));
	console.log('console errors: none');
	if (external.length) fail('requests outside the file: ' + external.slice(0, 3).join(' '));
	console.log('external requests: none');
	const png = await page.screenshot({ path: shot, fullPage: false });
	// Not blank: the first screen has more than a few distinct byte values
	// spread over a reasonable size.
	if (png.length < 20000) fail(`screenshot is ${png.length} bytes: blank?`);
	console.log(`screenshot: ${png.length} bytes`);
} finally {
	await browser.close();
}
