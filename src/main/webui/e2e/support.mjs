// Shared helpers of the browser tests: Debian's Chromium driven by playwright-core, axe-core checks, screenshots.
// e2e/run.mjs prepares the data through the API and passes it to the scripts as environment variables; WebAppTest
// runs it in ./mvnw verify, and it runs by hand against any Bookit too: see docs/WEB_APP.md.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

export const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`Missing environment variable ${name}`);
  return value;
};

export const BASE_URL = env('BASE_URL', 'http://localhost:8080');
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export async function newPage(browser, device = PHONE) {
  const context = await browser.newContext({ ...device, baseURL: BASE_URL, reducedMotion: 'reduce', locale: 'en-GB', timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') console.error(`[console] ${m.text()}`); });
  return page;
}

const shotDir = process.env.SCREENSHOT_DIR ?? 'target/screenshots';
mkdirSync(shotDir, { recursive: true });

/** A screenshot to look at (target/screenshots); waits for images and fonts so nothing is half drawn. */
export async function shot(page, name, fullPage = false) {
  await page.evaluate(() => document.fonts?.ready);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: `${shotDir}/${name}.png`, fullPage });
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** No serious or critical WCAG 2.1 A/AA violation on the page as it is now. */
export async function checkA11y(page, label) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.filter((v) => !bad.includes(v));
  if (minor.length) console.log(`[axe] ${label}: minor: ${minor.map((v) => v.id).join(', ')}`);
  assert.deepEqual(bad, [], `axe found serious or critical violations on ${label}`);
}

export async function logIn(page, email, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(env('PASSWORD'));
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

export const seat = (page, id) => page.locator(`[data-testid="seat"][data-seat-id="${id}"]`);

/** Taps a seat the way a thumb does: where seats are small, the first tap zooms in and a second one picks. */
export async function tapSeat(page, id) {
  const s = seat(page, id);
  for (let i = 0; i < 3; i++) {
    await s.click();
    if ((await s.getAttribute('aria-pressed')) === 'true') return;
  }
  assert.fail(`seat ${id} could not be selected`);
}

/** Records in the page when each seat's data-status changes (Date.now(), comparable with this process's clock). */
export async function watchSeatChanges(page) {
  await page.evaluate(() => {
    window.__seatChanges = {};
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target;
        window.__seatChanges[`${el.getAttribute('data-seat-id')}:${el.getAttribute('data-status')}`] ??= Date.now();
      }
    }).observe(document.querySelector('[data-testid="seat-map"]'), { subtree: true, attributes: true, attributeFilter: ['data-status'] });
  });
}

export async function seatChangedAt(page, id, status) {
  await seat(page, id).and(page.locator(`[data-status="${status}"]`)).waitFor({ timeout: 5000 });
  return page.evaluate((key) => window.__seatChanges[key], `${id}:${status}`);
}

export async function api(path, { method = 'GET', token, body } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
