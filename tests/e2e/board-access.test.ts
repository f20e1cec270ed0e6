import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { demoUser, heading, myBoards, signIn, useBrowser, visit } from './helpers';

const { newPage } = useBrowser();

async function onPhone(): Promise<Page> {
	const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await signIn(page, demoUser('coordinator'));
	return page;
}

/** How far the page scrolls sideways, and a few of the elements that stick out (for the message). */
const overflow = (page: Page) =>
	page.evaluate(() => {
		const width = document.documentElement.clientWidth;
		const wide = [...document.querySelectorAll('main *')]
			.filter((el) => el.getBoundingClientRect().right > width + 1)
			.slice(-3)
			.map((el) => `<${el.tagName.toLowerCase()} name=${el.getAttribute('name')}> ${Math.round(el.getBoundingClientRect().width)}px`);
		return { pixels: document.documentElement.scrollWidth - width, wide };
	});

describe('a municipality board', () => {
	test('the Kumanovo coordinator signs in and sees the board with its directory', async () => {
		const page = await newPage();
		await signIn(page, demoUser('coordinator'));
		expect(new URL(page.url()).pathname).toBe('/');
		expect(await myBoards(page)).toContain('/m/kumanovo');

		await page.locator('a[href="/m/kumanovo"]').click();
		expect(await heading(page, 'Куманово')).toContain('Куманово');
		expect(new URL(page.url()).pathname).toBe('/m/kumanovo');
		const directory = page.getByRole('region', { name: 'Members and organizations' });
		await directory.waitFor();
		expect(await directory.textContent()).toContain('Police Station Kumanovo');
		expect(await page.getByRole('link', { name: 'Manage members' }).isVisible()).toBe(true);
	});

	test("the Tuzla coordinator can neither open nor see Kumanovo's board", async () => {
		const page = await newPage();
		await signIn(page, demoUser('coordinator', 'tuzla'));
		const boards = await myBoards(page);
		expect(boards).toContain('/m/tuzla');
		expect(boards).not.toContain('/m/kumanovo');

		const response = await visit(page, '/m/kumanovo');
		expect(response.status()).toBe(404);
		expect(await heading(page, 'Page not found')).toBe('Page not found');
		expect(await page.content()).not.toContain('Куманово');
	});

	test('the board fits a phone screen without sideways scrolling', async () => {
		const page = await onPhone();
		for (const path of ['/', '/m/kumanovo']) {
			await visit(page, path);
			await page.getByRole('heading', { level: 1 }).waitFor();
			const { pixels, wide } = await overflow(page);
			expect(pixels, `${path} scrolls sideways: ${wide.join(', ')}`).toBeLessThanOrEqual(1);
		}
	});

	test('member management fits a phone screen without sideways scrolling', async () => {
		const page = await onPhone();
		await visit(page, '/m/kumanovo/members');
		await page.getByTestId('members').waitFor();
		const { pixels, wide } = await overflow(page);
		expect(pixels, `scrolls sideways: ${wide.join(', ')}`).toBeLessThanOrEqual(1);
	});
});
