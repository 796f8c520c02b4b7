// screenshots.mjs - screenshots of the report's main pages for the docs
// (scripts/screenshots): open the report in headless Chromium, wait for
// every chart, and take one screen from the top of each section.
//
//   node tests/browser/screenshots.mjs REPORT.html OUT_DIR
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

const [report, out] = process.argv.slice(2);
if (!report || !out) {
	console.error('usage: node screenshots.mjs REPORT.html OUT_DIR');
	process.exit(2);
}
const sections = ['population', 'spc', 'funnels', 'inequalities', 'budget', 'risk-share'];
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-background-networking',
		'--disable-component-update', '--disable-sync',
		'--disable-default-apps', '--no-first-run'],
});
try {
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	await page.goto('file://' + path.resolve(report), { waitUntil: 'load' });
	await page.waitForFunction(() => [...document.querySelectorAll('[role="img"][id^="chart-"]')]
		.every((c) => c.querySelector('svg, canvas')), null, { timeout: 120000 });
	for (const id of sections) {
		await page.evaluate((i) => document.getElementById(i).scrollIntoView(), id);
		const file = path.join(out, `report-${id}.png`);
		const png = await page.screenshot({ path: file });
		if (png.length < 20000) throw new Error(`${file}: ${png.length} bytes: blank?`);
		console.log(`${file} (${png.length} bytes)`);
	}
} finally {
	await browser.close();
}
