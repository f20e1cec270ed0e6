import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

export const DEMO_PASSWORD = 'roundtable-demo';

/** A demo account: `demoUser('police')` is police@kumanovo.demo.roundtable.test. */
export const demoUser = (login: string, town = 'kumanovo') => `${login}@${town}.demo.roundtable.test`;
export const HUB_ADMIN = 'hub@demo.roundtable.test';

let counter = 0;
/** An address no other test (or earlier run against the same server) has used. */
export const uniqueEmail = (prefix: string) =>
	`${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}@example.org`;

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

/**
 * One browser per test file, a fresh context (own cookies) per `newPage()`, every context
 * closed after its test. Pages resolve paths against the chosen server.
 */
export function useBrowser(server: 'demoUrl' | 'emptyUrl' = 'demoUrl') {
	const baseUrl = inject(server);
	let browser: Browser | undefined;
	const contexts: BrowserContext[] = [];
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterEach(async () => {
		await Promise.all(contexts.splice(0).map((c) => c.close()));
	});
	afterAll(async () => {
		await browser?.close();
	});
	return {
		baseUrl,
		async newPage(options: BrowserContextOptions = {}): Promise<Page> {
			if (!browser) throw new Error('the browser is not running');
			const context = await browser.newContext({ baseURL: baseUrl, ...options });
			contexts.push(context);
			return context.newPage();
		}
	};
}

/** Opens a path and returns the document's response (status and headers). */
export async function visit(page: Page, path: string): Promise<Response> {
	const response = await page.goto(path);
	if (!response) throw new Error(`no response for ${path}`);
	return response;
}

/**
 * Headers of a plain (no-JavaScript) form post from a page of `origin`: SvelteKit refuses
 * cross-site form posts, and answers `Accept: *\/*` as if `use:enhance` had sent it (JSON).
 */
export const formPostHeaders = (origin: string) => ({ origin, accept: 'text/html' });

/** Clicks a submit button and waits for the POST it sends (enhanced or not) to be answered. */
export async function submit(page: Page, buttonName: string | RegExp, path: string): Promise<Response> {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
		page.getByRole('button', { name: buttonName, exact: true }).click()
	]);
	return response;
}

/**
 * The status a form action answered with, however the form went: SvelteKit answers an enhanced
 * form (the page hydrated) with HTTP 200 and JSON { type, status }, a plain one with the page
 * and the action's own status. `response.ok()` alone is true for an enhanced form's failure.
 */
export async function actionStatus(response: Response): Promise<number> {
	if (!response.headers()['content-type']?.startsWith('application/json')) return response.status();
	const result = (await response.json()) as { type: string; status?: number };
	return result.status ?? response.status();
}

export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
}

/**
 * Waits until SvelteKit has hydrated the page: its router sets `history.scrollRestoration` to
 * 'manual' once hydration is done. What is typed before is kept (typed-before-hydration.test.ts),
 * but a form submitted before hydration is a plain post, not the enhanced one a test means.
 */
export async function hydrated(page: Page): Promise<void> {
	await page.waitForFunction(() => history.scrollRestoration === 'manual');
}

/** Signs in through the form and waits until the app has moved on from /login. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await visit(page, '/login');
	await hydrated(page);
	await fillSignIn(page, email, password);
	await Promise.all([
		page.waitForURL((url) => url.pathname !== '/login'),
		page.getByRole('button', { name: 'Sign in', exact: true }).click()
	]);
}

/** The page's main heading once it shows `text`. */
export async function heading(page: Page, text: string | RegExp): Promise<string> {
	const h1 = page.getByRole('heading', { level: 1 }).filter({ hasText: text });
	await h1.waitFor();
	return (await h1.textContent()) ?? '';
}

/** The hrefs of the boards listed on "My boards". */
export async function myBoards(page: Page): Promise<string[]> {
	if (new URL(page.url()).pathname !== '/') await visit(page, '/');
	await page.getByTestId('my-boards').waitFor();
	return page.getByTestId('my-boards').locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

/** A title no other test (or earlier run against the same server) has used. */
export const uniqueTitle = (prefix: string) => `${prefix} ${Date.now().toString(36)}-${(counter++).toString(36)}`;

/**
 * A small PDF whose bytes start with `%PDF-1.4` and include non-UTF-8 bytes (the customary
 * binary comment), so a download that went through a text decoder would not match; `label`
 * makes each test's file different.
 */
export function samplePdf(label: string): Buffer {
	return Buffer.concat([
		Buffer.from('%PDF-1.4\n%'),
		Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
		Buffer.from(
			`\n% ${label}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n` +
				'2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
				'3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >> endobj\n' +
				'trailer << /Root 1 0 R >>\n%%EOF\n'
		)
	]);
}

/** The coordinator adds an item to the board's plan through "New action item"; returns the item's id. */
export async function createActionItem(page: Page, slug: string, item: { title: string; owner: string }): Promise<string> {
	await visit(page, `/m/${slug}/actions/new`);
	await hydrated(page);
	await page.getByLabel('Title', { exact: true }).fill(item.title);
	await page.getByLabel('Owner organization', { exact: true }).selectOption({ label: item.owner });
	await Promise.all([
		page.waitForURL(new RegExp(`/m/${slug}/actions/[0-9a-f-]{36}$`)),
		page.getByRole('button', { name: 'Create item', exact: true }).click()
	]);
	await heading(page, item.title);
	return new URL(page.url()).pathname.split('/').pop()!;
}
