import type { Route } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, demoUser, hydrated, useBrowser, visit } from './helpers';

const { newPage } = useBrowser();

describe('what is typed before the page has hydrated', () => {
	// On a slow connection the form is on screen (server-rendered) before the app's scripts have
	// loaded; hydration then sets every field's value again. What was typed must survive it.
	test('is still in the fields afterwards, and the form submits it', async () => {
		const page = await newPage();
		// Hold the app's scripts until the form has been filled in.
		const held: Route[] = [];
		let release = false;
		await page.route('**/_app/immutable/**/*.js', (route) => void (release ? route.continue() : held.push(route)));
		await visit(page, '/login');
		const email = page.getByLabel('Email');
		const password = page.getByLabel('Password', { exact: true });
		await email.fill(demoUser('police', 'kicevo'));
		await password.fill(DEMO_PASSWORD);
		expect(held.length).toBeGreaterThan(0); // the scripts were asked for and are waiting
		expect(await page.evaluate(() => history.scrollRestoration)).not.toBe('manual'); // not hydrated

		release = true;
		for (const route of held.splice(0)) await route.continue();
		await hydrated(page);
		expect(await email.inputValue()).toBe(demoUser('police', 'kicevo'));
		expect(await password.inputValue()).toBe(DEMO_PASSWORD);

		await Promise.all([
			page.waitForURL((url) => url.pathname !== '/login'),
			page.getByRole('button', { name: 'Sign in', exact: true }).click()
		]);
		expect(new URL(page.url()).pathname).not.toBe('/login');
	});
});
