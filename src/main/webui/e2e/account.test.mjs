// Registration and the states a buyer meets on the way: empty tickets, a search with no match, an unknown event.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, env, launch, newPage } from './support.mjs';

const browser = await launch();
after(() => browser.close());

test('a new buyer registers, lands where they came from and has no tickets yet', async () => {
  const page = await newPage(browser);
  const email = `web-${Date.now()}@example.test`;
  await page.goto('/me/tickets');
  await page.getByRole('link', { name: 'Log in' }).first().click();
  await page.getByRole('tab', { name: 'Register' }).click();
  await page.getByTestId('register-name').fill('Robin Buyer');
  await page.getByTestId('register-email').fill(email);
  await page.getByTestId('register-password').fill(env('PASSWORD'));
  await page.getByTestId('register-role').selectOption('attendee');
  await checkA11y(page, 'register');
  await page.getByTestId('register-submit').click();
  await page.waitForURL(/\/me\/tickets$/);
  assert.equal(await page.getByTestId('user-menu').getAttribute('data-email'), email);
  await page.getByRole('heading', { name: 'No upcoming tickets' }).waitFor();

  // a second registration with the same e-mail is refused in words
  await page.getByTestId('user-menu').getByRole('button').click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.goto('/login?mode=register');
  await page.getByTestId('register-name').fill('Robin Again');
  await page.getByTestId('register-email').fill(email);
  await page.getByTestId('register-password').fill(env('PASSWORD'));
  await page.getByTestId('register-submit').click();
  const error = page.locator('[data-testid="error-message"][data-type="https://bookit.dev/problems/email-taken"]');
  await error.waitFor();

  await page.goto('/?q=no-such-event-anywhere');
  await page.getByRole('heading', { name: /Nothing matches/ }).waitFor();
  await page.goto('/events/00000000-0000-0000-0000-000000000000');
  await page.getByRole('heading', { name: 'This event does not exist' }).waitFor();
});
