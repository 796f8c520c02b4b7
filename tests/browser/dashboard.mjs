// dashboard.mjs - the dashboard (`onebudget serve`) in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core) and over plain
// HTTP: signing in and out, navigation, the charts of each view drawn with
// no console errors, and every role boundary - as nobody and as each role,
// with tampered paths, parameters and cookies - refused with the right
// status and no person-level data in any page a role may not see.
//
//   node tests/browser/dashboard.mjs BASE_URL SETUP.json SHOT_DIR
//
// SETUP.json: {"year": "2021-22", "password": "...", "users": {"com":
// "name", "fin": ..., "alliance": ..., "pch": ...}, "pch": "CODE",
// "other_pch": "CODE", "party_name": "...", "other_party_name": "...",
// "pseudonyms": ["...", ...]} (a few pseudonyms of the PCH's caseload).
// Prints one line per check and exits non-zero on the first failure.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');

const [base, setupFile, shots] = process.argv.slice(2);
if (!base || !setupFile || !shots) {
	console.error('usage: node dashboard.mjs BASE_URL SETUP.json SHOT_DIR');
	process.exit(2);
}
const S = JSON.parse(readFileSync(setupFile, 'utf8'));
const Y = S.year;
let checks = 0;

function fail(msg) {
	console.error('FAIL: ' + msg);
	process.exit(1);
}
function ok(msg) {
	checks++;
	console.log('ok: ' + msg);
}

// ---- plain HTTP ------------------------------------------------------------

async function get(p, cookie, init = {}) {
	const headers = Object.assign({}, init.headers || {});
	if (cookie) headers.Cookie = cookie;
	const r = await fetch(base + p, Object.assign({}, init, { headers, redirect: 'manual' }));
	return { status: r.status, headers: r.headers, text: await r.text() };
}

async function signIn(name, password) {
	const r = await fetch(base + '/login', {
		method: 'POST', redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ name, password }).toString(),
	});
	await r.text();
	if (r.status !== 303) return { status: r.status };
	const set = r.headers.get('set-cookie') || '';
	const m = /ob_session=([^;]+)/.exec(set);
	if (!m) fail('sign-in gave no session cookie');
	for (const attr of ['HttpOnly', 'SameSite=Strict', 'Path=/'])
		if (!set.includes(attr)) fail(`session cookie without ${attr}: ${set}`);
	return { status: 303, cookie: 'ob_session=' + m[1] };
}

function noPersonLevel(text, what) {
	for (const p of S.pseudonyms)
		if (text.includes(p)) fail(`${what} shows the pseudonym ${p}`);
	if (/Frailty caseload/.test(text) && /<table[^>]*id="caseload"/.test(text))
		fail(`${what} shows a caseload table`);
}

async function expect(p, cookie, want, what, init) {
	const r = await get(p, cookie, init);
	if (r.status !== want) fail(`${what}: ${p} gave ${r.status}, expected ${want}`);
	if (want >= 400) noPersonLevel(r.text, `${what} (${p})`);
	ok(`${what}: ${p} -> ${want}`);
	return r;
}

const sections = ['population', 'outcomes', 'inequalities', 'budget', 'settlement'];
const mine = `/caseload/${Y}/${S.pch}`;
const theirs = `/caseload/${Y}/${S.other_pch}`;

// Nobody.
{
	const home = await expect('/', null, 200, 'nobody, home');
	if (!home.text.includes('Published view')) fail('home does not offer the published view');
	for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options'])
		if (!home.headers.get(h)) fail(`no ${h} header`);
	if (home.headers.get('cache-control') !== 'no-store') fail('pages may be cached');
	for (const s of sections) {
		const r = await expect(`/public/${Y}/${s}`, null, 200, 'nobody, published view');
		noPersonLevel(r.text, `public ${s}`);
		if (!r.text.includes('Public version')) fail(`public ${s} lacks the disclosure-control notice`);
	}
	for (const s of sections)
		await expect(`/view/${Y}/${s}`, null, 401, 'nobody, full view');
	await expect(mine, null, 401, 'nobody, a caseload');
	await expect(`/view/${Y}/outcomes?unit=${S.pch}`, null, 401, 'nobody, a unit view');
	await expect(`/public/${Y}/population?publish=0`, null, 400, 'nobody, unpublish by parameter');
	await expect(`/public/${Y}/settlement?party=x`, null, 400, 'nobody, a party by parameter');
	await expect(`/view/${Y}/outcomes`, 'ob_session=' + 'A'.repeat(43), 401, 'nobody, a forged session');
	await expect(`/view/${Y}/outcomes`, 'ob_session=../../etc', 401, 'nobody, a malformed session');
	await expect(`/public/${Y}/population?` + Array.from({ length: 17 }, (_, i) => `p${i}=1`).join('&'),
		null, 400, 'nobody, too many parameters');
	await expect('/assets/nhsuk.min.css', null, 200, 'nobody, the styles');
	await expect('/assets/no-such.js', null, 404, 'nobody, an asset that does not exist');
	await expect('/assets/../workspace.sqlite', null, 404, 'nobody, a path out of the assets');
	await expect('/workspace.sqlite', null, 404, 'nobody, the database');
	await expect('/view/1999-00/outcomes', null, 401, 'nobody, a year that does not exist');
	await expect(`/view/${Y}/outcomes`, null, 405, 'nobody, the wrong method', { method: 'DELETE' });
	const bad = await signIn(S.users.com, S.password + 'x');
	if (bad.status !== 401) fail(`a wrong password gave ${bad.status}`);
	ok('a wrong password -> 401');
	const unknown = await signIn('nobody-at-all', S.password);
	if (unknown.status !== 401) fail(`an unknown name gave ${unknown.status}`);
	ok('an unknown name -> 401');
	const cross = await fetch(base + '/login', {
		method: 'POST', redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://evil.example' },
		body: new URLSearchParams({ name: S.users.com, password: S.password }).toString(),
	});
	await cross.text();
	if (cross.status !== 403) fail(`a sign-in from another site gave ${cross.status}`);
	ok('a sign-in from another site -> 403');
	for (let i = 0; i < 5; i++) {
		const r = await signIn('locked-out', 'not the password ' + i);
		if (r.status !== 401) fail(`failed sign-in ${i + 1} gave ${r.status}`);
	}
	const locked = await signIn('locked-out', 'not the password either');
	if (locked.status !== 429) fail(`a sixth failed sign-in gave ${locked.status}`);
	ok('five failed sign-ins of one name lock it for 15 minutes: 429');
}

// Each role over HTTP.
const who = {};
for (const role of ['com', 'fin', 'alliance', 'pch']) {
	const r = await signIn(S.users[role], S.password);
	if (r.status !== 303) fail(`${role} cannot sign in (${r.status})`);
	who[role] = r.cookie;
	ok(`${role} signs in`);
}
for (const role of ['com', 'fin', 'alliance']) {
	for (const s of sections) {
		const r = await expect(`/view/${Y}/${s}`, who[role], 200, `${role}, full view`);
		noPersonLevel(r.text, `${role} ${s}`);
		if (r.text.includes('Public version')) fail(`${role} ${s} is the public version`);
	}
	await expect(mine, who[role], 403, `${role}, a caseload`);
	await expect(theirs, who[role], 403, `${role}, another caseload`);
	await expect(`/caseload/${Y}/NO_SUCH_PCH`, who[role], 403, `${role}, a caseload that does not exist`);
	await expect(`/view/${Y}/outcomes?unit=${S.pch}`, who[role], 200, `${role}, a unit`);
	await expect(`/view/${Y}/outcomes?unit=NO_SUCH_PCH`, who[role], 404, `${role}, a unit that does not exist`);
	await expect(`/view/${Y}/settlement?party=x`, who[role], 400, `${role}, a party by parameter`);
	await expect('/view/1999-00/outcomes', who[role], 404, `${role}, a year that does not exist`);
}
{
	const com = (await get(`/view/${Y}/settlement`, who.com)).text;
	const all = (await get(`/view/${Y}/settlement`, who.alliance)).text;
	if (!com.includes('alliance: ' + S.party_name) || !com.includes('alliance: ' + S.other_party_name))
		fail("the commissioner's statement lacks the alliance split");
	if (!all.includes('alliance: ' + S.party_name)) fail('the alliance member does not see its own share');
	if (all.includes('alliance: ' + S.other_party_name)) fail("the alliance member sees another party's share");
	ok("the alliance member sees its own share and no other party's");
	const pub = (await get(`/public/${Y}/settlement`, null)).text;
	if (pub.includes('alliance: ' + S.party_name)) fail("the published view shows a party's share");
	ok('the published view shows no party shares');
}
{
	const r = await expect(mine, who.pch, 200, 'pch, its own caseload');
	if (!S.pseudonyms.every((p) => r.text.includes(p))) fail('the caseload lacks its people');
	if (r.headers.get('cache-control') !== 'no-store') fail('the caseload may be cached');
	await expect(theirs, who.pch, 403, 'pch, another PCH\'s caseload');
	await expect(`/caseload/${Y}/${S.pch.toLowerCase()}`, who.pch, 403, 'pch, its code in another case');
	await expect(`/caseload/${Y}/NO_SUCH_PCH`, who.pch, 403, 'pch, a caseload that does not exist');
	await expect(`${mine}?pch=${S.other_pch}`, who.pch, 400, 'pch, a PCH by parameter');
	for (const s of sections)
		await expect(`/view/${Y}/${s}`, who.pch, 403, 'pch, a full view');
	await expect(`/public/${Y}/outcomes`, who.pch, 200, 'pch, the published view');
}

// ---- in the browser ----------------------------------------------------------

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-background-networking',
		'--disable-component-update', '--disable-sync',
		'--disable-default-apps', '--no-first-run'],
});

async function session(label) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	const errors = [];
	const outside = [];
	page.on('console', (m) => {
		// A refused page is answered with its status, which Chromium
		// reports on the console: that is what the test asks for.
		if (m.type() === 'error' && !/status of (401|403|404|400)/.test(m.text()))
			errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) outside.push(r.url()); });
	return {
		page, context,
		check() {
			if (errors.length) fail(`${label}: console errors: ${errors.slice(0, 3).join(' | ')}`);
			if (outside.length) fail(`${label}: requests outside the server: ${outside.slice(0, 3).join(' ')}`);
		},
	};
}

async function chartsDrawn(page, what) {
	const n = await page.locator('[role="img"][id^="chart-"]').count();
	if (!n) fail(`${what}: no charts`);
	await page.waitForFunction(() => [...document.querySelectorAll('[role="img"][id^="chart-"]')]
		.every((c) => c.querySelector('svg, canvas')), null, { timeout: 60000 }).catch(() => {});
	const drawn = await page.evaluate(() => [...document.querySelectorAll('[role="img"][id^="chart-"]')]
		.filter((c) => c.querySelector('svg, canvas')).length);
	if (drawn !== n) fail(`${what}: ${n - drawn} of ${n} charts not drawn`);
	ok(`${what}: ${drawn} charts drawn`);
}

async function shot(page, name) {
	// A tall screen, so the picture shows the navigation and the view.
	const size = page.viewportSize();
	await page.setViewportSize({ width: 1280, height: 1500 });
	const png = await page.screenshot({ path: path.join(shots, name), fullPage: false });
	await page.setViewportSize(size);
	if (png.length < 20000) fail(`${name}: ${png.length} bytes: blank?`);
	ok(`screenshot ${name} (${png.length} bytes)`);
}

async function signInByForm(page, name, password) {
	await page.goto(base + '/login');
	await page.getByLabel('User name').fill(name);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForLoadState('load');
}

try {
	// Nobody: the published view, drawn.
	{
		const s = await session('nobody');
		await s.page.goto(base + '/');
		await s.page.getByRole('link', { name: `Outcomes ${Y.replace('-', '/')}` }).first().click();
		await s.page.waitForLoadState('load');
		if (!s.page.url().includes(`/public/${Y}/outcomes`)) fail(`nobody's outcomes link went to ${s.page.url()}`);
		await chartsDrawn(s.page, 'published outcomes');
		const r = await s.page.goto(base + `/view/${Y}/outcomes`);
		if (r.status() !== 401) fail(`nobody's full view gave ${r.status()} in the browser`);
		if (!(await s.page.getByLabel('Password').count())) fail('the 401 page does not offer the sign-in form');
		ok('nobody: the full view gives 401 with the sign-in form');
		await s.page.goto(base + `/public/${Y}/population`);
		await chartsDrawn(s.page, 'published population');
		await shot(s.page, 'dashboard-public.png');
		s.check();
		await s.context.close();
	}
	// The commissioner: sign in, navigate years, sections and units.
	{
		const s = await session('commissioner');
		await signInByForm(s.page, S.users.com, S.password + 'x');
		if (!(await s.page.getByText('wrong user name or password').count())) fail('a wrong password is not explained');
		ok('a wrong password in the form is explained');
		await signInByForm(s.page, S.users.com, S.password);
		if (!(await s.page.getByText('Full view').count())) fail('the commissioner does not see the full view offered');
		await s.page.getByRole('link', { name: `Outcomes ${Y.replace('-', '/')}` }).first().click();
		await s.page.waitForLoadState('load');
		await chartsDrawn(s.page, 'commissioner outcomes');
		const spc = await s.page.locator('[id^="chart-spc-"][role="img"]').count();
		const funnel = await s.page.locator('[id^="chart-funnel-"][role="img"]').count();
		if (!spc || !funnel) fail(`outcomes: ${spc} SPC and ${funnel} funnel charts`);
		ok(`outcomes: ${spc} SPC and ${funnel} funnel charts`);
		await s.page.locator('select#unit').selectOption(S.pch);
		await s.page.getByRole('button', { name: 'Show' }).click();
		await s.page.waitForLoadState('load');
		if (!s.page.url().endsWith(`?unit=${S.pch}`)) fail(`the unit form went to ${s.page.url()}`);
		await chartsDrawn(s.page, `outcomes of ${S.pch}`);
		ok('the unit selector shows one PCH');
		await s.page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Budget' }).click();
		await s.page.waitForLoadState('load');
		if (!s.page.url().includes(`/view/${Y}/budget`)) fail(`the budget link went to ${s.page.url()}`);
		await chartsDrawn(s.page, 'budget');
		await s.page.goto(base + `/view/${Y}/budget`);
		await chartsDrawn(s.page, 'budget (MCP)');
		await shot(s.page, 'dashboard-commissioner-budget.png');
		await s.page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Risk share and settlement' }).click();
		await s.page.waitForLoadState('load');
		await chartsDrawn(s.page, 'settlement');
		await s.page.locator('#risk-share').scrollIntoViewIfNeeded();
		await shot(s.page, 'dashboard-commissioner-risk-share.png');
		const r = await s.page.goto(base + mine);
		if (r.status() !== 403) fail(`the commissioner's caseload gave ${r.status()}`);
		ok('commissioner: a caseload gives 403 in the browser');
		// Sign out: the old session no longer works.
		await s.page.goto(base + '/');
		const cookies = await s.context.cookies();
		const old = cookies.find((c) => c.name === 'ob_session');
		if (!old) fail('no session cookie in the browser');
		if (!old.httpOnly) fail('the session cookie is readable by scripts');
		await s.page.getByRole('button', { name: 'Sign out' }).click();
		await s.page.waitForLoadState('load');
		if (!(await s.page.getByText('Not signed in').count())) fail('still signed in after signing out');
		await expect(`/view/${Y}/outcomes`, 'ob_session=' + old.value, 401, 'a signed-out session');
		s.check();
		await s.context.close();
	}
	// The alliance member.
	{
		const s = await session('alliance');
		await signInByForm(s.page, S.users.alliance, S.password);
		await s.page.goto(base + `/view/${Y}/settlement`);
		await chartsDrawn(s.page, 'alliance settlement');
		if (!(await s.page.locator('#your-share').count())) fail('the alliance member has no "Your share"');
		await s.page.locator('#your-share').scrollIntoViewIfNeeded();
		await s.page.evaluate(() => document.getElementById('your-share').scrollIntoView());
		await shot(s.page, 'dashboard-alliance-settlement.png');
		s.check();
		await s.context.close();
	}
	// The PCH team: its caseload, and nothing else.
	{
		const s = await session('pch');
		await signInByForm(s.page, S.users.pch, S.password);
		await s.page.getByRole('link', { name: `Caseload ${Y.replace('-', '/')}` }).click();
		await s.page.waitForLoadState('load');
		const rows = await s.page.locator('#caseload tbody tr:not(.ob-reasons)').count();
		if (!rows) fail('the caseload table is empty');
		ok(`pch: its caseload, ${rows} people`);
		await shot(s.page, 'dashboard-pch-caseload.png');
		let r = await s.page.goto(base + theirs);
		if (r.status() !== 403) fail(`another caseload gave ${r.status()} in the browser`);
		if ((await s.page.locator('#caseload').count())) fail('another caseload was shown');
		r = await s.page.goto(base + `/view/${Y}/population`);
		if (r.status() !== 403) fail(`the PCH team's full view gave ${r.status()}`);
		ok('pch: another caseload and the full view give 403 in the browser');
		s.check();
		await s.context.close();
	}
} finally {
	await browser.close();
}
console.log(`dashboard: ${checks} checks passed`);
