import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { demoUser, signIn, submit, uniqueEmail, useBrowser, visit } from './helpers';

const { newPage } = useBrowser();

const editor = (page: Page) => page.getByTestId('note-editor');
const syncState = (page: Page) => page.getByTestId('sync-status').getAttribute('data-state');
const waitForState = (page: Page, state: string) =>
	page.waitForFunction((s) => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-state') === s, state, { timeout: 15_000 });

/** The coordinator creates a note and returns its path. */
async function createNote(page: Page, title: string): Promise<string> {
	await visit(page, '/m/kumanovo/notes');
	await page.getByLabel('Title').fill(title);
	await Promise.all([page.waitForURL(/\/m\/kumanovo\/notes\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Create note' }).click()]);
	return new URL(page.url()).pathname;
}

/** The note's text as a person reads it: without the other people's caret labels. */
const documentText = (page: Page) =>
	editor(page).evaluate((el) => {
		const copy = el.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
		return copy.textContent;
	});

async function typeAtEnd(page: Page, text: string) {
	await editor(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

describe('collaborative notes in the browser', () => {
	test('two people edit one note and see each other’s text and cursor; offline edits merge on return', async () => {
		const coordinator = await newPage();
		const police = await newPage();
		await signIn(coordinator, demoUser('coordinator'));
		await signIn(police, demoUser('police'));
		const path = await createNote(coordinator, `Joint note ${uniqueEmail('n')}`);
		await visit(police, path);
		await Promise.all([waitForState(coordinator, 'connected'), waitForState(police, 'connected')]);

		await typeAtEnd(coordinator, 'Agenda from the coordinator. ');
		await editor(police).getByText('Agenda from the coordinator.').waitFor();
		await typeAtEnd(police, 'Police will report on patrols. ');
		await editor(coordinator).getByText('Police will report on patrols.').waitFor();
		// The other person's caret, labelled with their name and organization.
		const caret = coordinator.locator('.collaboration-carets__label', { hasText: 'Police Station Kumanovo' });
		await caret.waitFor();
		expect(await caret.textContent()).toContain('(demo)');
		expect(await coordinator.getByTestId('presence').textContent()).toContain('Police Station Kumanovo');

		await police.context().setOffline(true);
		await waitForState(police, 'offline');
		await typeAtEnd(police, 'Written while offline. ');
		await typeAtEnd(coordinator, 'Written meanwhile online. ');
		expect(await police.getByTestId('sync-status').textContent()).toMatch(/not yet saved/);
		await police.context().setOffline(false);
		await Promise.all([waitForState(police, 'connected'), waitForState(coordinator, 'connected')]);
		await editor(coordinator).getByText('Written while offline.').waitFor();
		await editor(police).getByText('Written meanwhile online.').waitFor();
		expect(await documentText(police)).toBe(await documentText(coordinator));
		expect(await police.getByTestId('sync-status').textContent()).toContain('All changes saved');
	});

	test('an observer reads a note but cannot change it', async () => {
		const coordinator = await newPage();
		const observer = await newPage();
		await signIn(coordinator, demoUser('coordinator'));
		const path = await createNote(coordinator, `Read-only check ${uniqueEmail('n')}`);
		await waitForState(coordinator, 'connected');
		await typeAtEnd(coordinator, 'Visible to observers.');
		await signIn(observer, demoUser('observer'));
		await visit(observer, path);
		await editor(observer).getByText('Visible to observers.').waitFor();
		expect(await editor(observer).getAttribute('contenteditable')).toBe('false');
		expect(await observer.getByRole('button', { name: 'Bold' }).count()).toBe(0);
		expect(await observer.getByRole('button', { name: 'Create note' }).count()).toBe(0);
	});

	test('notes are found by words in their text, renamed and archived', async () => {
		const page = await newPage();
		await signIn(page, demoUser('coordinator'));
		const path = await createNote(page, `Searchable ${uniqueEmail('n')}`);
		await waitForState(page, 'connected');
		await typeAtEnd(page, 'Quarterly xylophone review');
		await page.getByText('All changes saved').waitFor();
		// Leaving the note writes its searchable text at once, but not before this page asks:
		// the search may take a moment to find it (bounded).
		const found = async () => {
			await visit(page, '/m/kumanovo/notes?q=xyloph');
			return page.getByTestId('notes').locator('a', { hasText: 'Searchable' }).count();
		};
		const deadline = Date.now() + 5_000;
		let count = await found();
		while (count === 0 && Date.now() < deadline) {
			await new Promise((r) => setTimeout(r, 250));
			count = await found();
		}
		expect(count).toBe(1);
		await visit(page, '/m/kumanovo/notes?q=xylophones');
		expect(await page.getByTestId('notes').count()).toBe(0);

		await visit(page, path);
		await page.getByText('Rename').click();
		await page.getByLabel('Title').fill('Renamed note');
		await submit(page, 'Save', path);
		await page.getByRole('heading', { level: 1, name: 'Renamed note' }).waitFor();
		await submit(page, 'Archive', path);
		await visit(page, '/m/kumanovo/notes');
		expect(await page.getByText('Renamed note').count()).toBe(0);
		await visit(page, '/m/kumanovo/notes?archived=1');
		expect(await page.getByText('Renamed note').count()).toBe(1);
	});
});
