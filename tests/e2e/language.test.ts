import { describe, expect, test } from 'vitest';
import { demoUser, heading, signIn, useBrowser, visit } from './helpers';

const { newPage } = useBrowser();

const htmlAttributes = (page: import('playwright-core').Page) =>
	page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

describe('language from the browser', () => {
	test('Accept-Language mk gives the Macedonian interface', async () => {
		const page = await newPage({ locale: 'mk' });
		await visit(page, '/login');
		expect(await heading(page, 'Најава')).toBe('Најава');
		expect(await htmlAttributes(page)).toEqual({ lang: 'mk', dir: 'ltr' });
	});

	test('Arabic is laid out right to left', async () => {
		const page = await newPage({ locale: 'ar' });
		await visit(page, '/login');
		await page.getByRole('heading', { level: 1 }).waitFor();
		expect(await htmlAttributes(page)).toEqual({ lang: 'ar', dir: 'rtl' });
	});
});

describe("language from the user's own setting", () => {
	test('a saved language wins over the browser', async () => {
		// The demo's Kičevo police member chose Macedonian in their account.
		const page = await newPage({ locale: 'en-GB' });
		await signIn(page, demoUser('police', 'kicevo'));
		await page.getByTestId('my-boards').waitFor();
		expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Мои табли');
		expect((await htmlAttributes(page)).lang).toBe('mk');
	});
});
