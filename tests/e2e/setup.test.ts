import { describe, expect, test } from 'vitest';
import { heading, useBrowser, visit } from './helpers';

// The empty server: no hub admin yet, so this runs once per server start.
const { newPage } = useBrowser('emptyUrl');

describe('first-run setup', () => {
	test('creates the hub and its admin once, then is gone', async () => {
		const page = await newPage();
		await visit(page, '/login');
		expect(new URL(page.url()).pathname).toBe('/setup');
		expect(await heading(page, 'Set up Roundtable')).toBe('Set up Roundtable');

		await page.getByLabel('Name of the regional hub').fill('Western Balkans Hub');
		await page.getByLabel('Your name').fill('Hana Admin');
		await page.getByLabel('Email').fill('admin@hub.example.org');
		await page.getByLabel('New password').fill('a-long-admin-secret');
		await page.getByLabel('Repeat the password').fill('a-long-admin-secret');
		await Promise.all([
			page.waitForURL((url) => url.pathname === '/hub'),
			page.getByRole('button', { name: 'Create the hub' }).click()
		]);
		expect(await heading(page, 'Regional hub')).toBe('Regional hub');

		const stranger = await newPage();
		await visit(stranger, '/setup');
		expect(new URL(stranger.url()).pathname).toBe('/login');
		expect(await heading(stranger, 'Sign in')).toBe('Sign in');
	});
});
