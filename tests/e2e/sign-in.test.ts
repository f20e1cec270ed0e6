import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, demoUser, fillSignIn, formPostHeaders, heading, signIn, submit, useBrowser, visit } from './helpers';

const { baseUrl, newPage } = useBrowser();
const WRONG = 'The email or password is not right.';
const THROTTLED = /Too many failed sign-in attempts\. Try again in \d+ minutes\./;

describe('signing in and out', () => {
	// A dedicated account: the lock it ends in must not shut out the other tests.
	test('a wrong password is refused, and five failures lock the account even for the right one', async () => {
		const page = await newPage();
		const email = demoUser('youth');
		await visit(page, '/login');
		const alert = page.getByRole('alert');
		for (let attempt = 1; attempt <= 4; attempt++) {
			await fillSignIn(page, email, `wrong-guess-${attempt}`);
			await submit(page, 'Sign in', '/login');
			await alert.filter({ hasText: WRONG }).waitFor();
			expect(await alert.textContent(), `attempt ${attempt}`).toContain(WRONG);
		}
		await fillSignIn(page, email, 'wrong-guess-5');
		await submit(page, 'Sign in', '/login');
		await alert.filter({ hasText: THROTTLED }).waitFor();
		expect(await alert.textContent()).toMatch(THROTTLED);

		await fillSignIn(page, email, DEMO_PASSWORD);
		await submit(page, 'Sign in', '/login');
		await alert.filter({ hasText: THROTTLED }).waitFor();
		expect(new URL(page.url()).pathname).toBe('/login');

		// Without JavaScript: the same refusal, as HTTP 429, and no session.
		const plain = await page.request.post(`${baseUrl}/login`, {
			form: { email, password: DEMO_PASSWORD },
			headers: formPostHeaders(baseUrl),
			maxRedirects: 0
		});
		expect(plain.status()).toBe(429);
		expect(await plain.text()).toMatch(THROTTLED);
		expect((await page.context().cookies()).map((c) => c.name)).not.toContain('rt_session');
	});

	test('signing out ends the session, also for a copy of its cookie', async () => {
		const page = await newPage();
		await signIn(page, demoUser('police'));
		const cookies = await page.context().cookies();
		expect(cookies.map((c) => c.name)).toContain('rt_session');

		await Promise.all([
			page.waitForURL((url) => url.pathname === '/login'),
			page.getByRole('button', { name: 'Sign out' }).click()
		]);
		await visit(page, '/');
		expect(new URL(page.url()).pathname).toBe('/login');

		// Someone who kept the old cookie gets nothing from it.
		const copy = await newPage();
		await copy.context().addCookies(cookies);
		await visit(copy, '/');
		expect(new URL(copy.url()).pathname).toBe('/login');
		expect(await heading(copy, 'Sign in')).toBe('Sign in');
	});

	test('pages carry the security headers and the session cookie is HttpOnly and SameSite=Lax', async () => {
		const page = await newPage();
		const response = await visit(page, '/login');
		const headers = response.headers();
		const csp = headers['content-security-policy'] ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/script-src[^;]*'nonce-[A-Za-z0-9+/=_-]+'/);
		expect(headers['referrer-policy']).toBeTruthy();
		expect(headers['x-content-type-options']).toBe('nosniff');

		await signIn(page, demoUser('police'));
		const session = (await page.context().cookies()).find((c) => c.name === 'rt_session');
		expect(session).toBeDefined();
		expect(session!.httpOnly).toBe(true);
		expect(session!.sameSite).toBe('Lax');
		expect(session!.path).toBe('/');
	});
});
