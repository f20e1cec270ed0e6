import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, actionStatus, demoUser, fillSignIn, signIn, submit, useBrowser, visit } from './helpers';

const { newPage } = useBrowser();
// An account no other browser test signs in with, since this one changes its password.
const email = demoUser('school');

describe('the account page', () => {
	test('lists my sessions and ends another one', async () => {
		const here = await newPage();
		const elsewhere = await newPage({ userAgent: 'Elsewhere-Browser/1.0' });
		await signIn(here, demoUser('social'));
		await signIn(elsewhere, demoUser('social'));
		await visit(here, '/account');
		const other = here.getByTestId('sessions').locator('li', { hasText: 'Elsewhere-Browser/1.0' });
		await other.waitFor();
		const [response] = await Promise.all([
			here.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/account'),
			other.getByRole('button', { name: 'End' }).click()
		]);
		expect(await actionStatus(response)).toBe(200);
		await other.waitFor({ state: 'detached' }); // gone from the list
		expect((await visit(elsewhere, '/')).url()).toContain('/login');
		expect(new URL((await visit(here, '/')).url()).pathname).toBe('/');
	});

	test('changing the password ends every other session; the old password stops working', async () => {
		const here = await newPage();
		const elsewhere = await newPage();
		await signIn(here, email);
		await signIn(elsewhere, email);
		await visit(here, '/account');
		await here.getByLabel('Current password').fill(DEMO_PASSWORD);
		await here.getByLabel('New password').fill('a brand new passphrase');
		await here.getByLabel('Repeat the password').fill('a brand new passphrase');
		await submit(here, 'Change password', '/account');
		await here.getByText('Password changed.').waitFor();

		expect((await visit(elsewhere, '/')).url()).toContain('/login');
		expect(new URL((await visit(here, '/')).url()).pathname).toBe('/');

		const fresh = await newPage();
		await visit(fresh, '/login');
		await fillSignIn(fresh, email, DEMO_PASSWORD);
		await submit(fresh, 'Sign in', '/login');
		await fresh.getByText('The email or password is not right.').waitFor();
		await signIn(fresh, email, 'a brand new passphrase');
		expect(new URL(fresh.url()).pathname).toBe('/');
	});

	test('a wrong current password changes nothing and says so beside the field', async () => {
		const page = await newPage();
		await signIn(page, demoUser('observer'));
		await visit(page, '/account');
		await page.getByLabel('Current password').fill('not my password');
		await page.getByLabel('New password').fill('another long passphrase');
		await page.getByLabel('Repeat the password').fill('another long passphrase');
		const response = await submit(page, 'Change password', '/account');
		expect(await actionStatus(response)).toBe(400);
		// The response has arrived, but the page renders it a moment later: wait for the message
		// rather than asking whether it is already there (that raced, and failed in CI once).
		await page.getByText('The password is not right.').waitFor();
		const field = page.getByLabel('Current password');
		expect(await field.getAttribute('aria-invalid')).toBe('true');
		const describedBy = await field.getAttribute('aria-describedby');
		expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('The password is not right.');

		// Nothing changed: the old password still signs in.
		const fresh = await newPage();
		await signIn(fresh, demoUser('observer'));
		expect(new URL(fresh.url()).pathname).toBe('/');
	});
});
