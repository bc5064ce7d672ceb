// A hold given back frees its places at once; a hold that expires on screen: the countdown runs out, the buyer is
// told in words, the places go back on sale live.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, env, launch, logIn, newPage, shot } from './support.mjs';

const EVENT = env('EXPIRY_EVENT_ID');
const TTL = Number(env('HOLD_TTL_SECONDS'));
const browser = await launch();
after(() => browser.close());

test('a hold expires on screen and its places go back on sale', async () => {
  const page = await newPage(browser);
  await logIn(page, env('EXPIRY_BUYER_EMAIL'), `/events/${EVENT}`);
  await page.locator('[data-testid="seat-map"][data-live="true"]').waitFor();

  const pit = page.locator('[data-testid="ga-area"][data-section="PIT"]');
  const before = Number(await pit.getAttribute('data-available'));
  const available = (n) => page.locator(`[data-testid="ga-area"][data-section="PIT"][data-available="${n}"]`);
  // hold and give back: the places return at once
  await pit.getByTestId('ga-quantity').fill('2');
  await page.getByTestId('hold-button').click();
  await page.getByTestId('hold-timer').waitFor();
  await available(before - 2).waitFor();
  await page.getByTestId('release-button').click();
  await page.getByTestId('hold-button').waitFor();
  await available(before).waitFor();

  // hold and let the time run out
  await pit.getByTestId('ga-quantity').fill('3');
  await page.getByTestId('hold-button').click();
  const timer = page.getByTestId('hold-timer');
  await timer.waitFor();
  const expiresAt = Date.parse(await timer.getAttribute('data-expires-at'));
  assert.ok(expiresAt > Date.now() && expiresAt <= Date.now() + TTL * 1000 + 2000, 'the timer shows the hold\'s own expiry');
  await checkA11y(page, 'event page with a hold');

  const expired = page.locator('[data-testid="error-message"][data-type="https://bookit.dev/problems/hold-expired"]');
  await expired.waitFor({ timeout: TTL * 1000 + 10_000 });
  assert.match(await expired.textContent(), /expired/i);
  await shot(page, 'phone-hold-expired');
  // the sweeper frees the places and the live feed brings them back
  await available(before).waitFor({ timeout: 10_000 });

  await page.getByRole('button', { name: 'Pick seats again' }).click();
  await page.getByTestId('hold-button').waitFor();
});
