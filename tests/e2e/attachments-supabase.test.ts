import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { startSupabaseStorageStandIn, type StorageStandIn } from '../support/supabase-storage-stand-in';
import { freePort, launch, stop, type AppProcess } from './app-process';
import { createActionItem, demoUser, heading, launchBrowser, samplePdf, signIn, uniqueTitle, visit } from './helpers';

/**
 * Attachments in Supabase Storage: a separate demo server whose files go to a local stand-in
 * of the Storage API. The bytes land in the bucket (not on the server's disk), come back from
 * it for people on the board, and stay out of reach of other boards.
 */
const appDir = inject('appDir');
let standIn: StorageStandIn;
let dataDir: string;
let app: AppProcess;
let browser: Browser;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
	standIn = await startSupabaseStorageStandIn();
	cleanups.push(() => standIn.stop());
	dataDir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-supabase-'));
	cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
	app = await launch(appDir, await freePort(), {
		ROUNDTABLE_DEMO: '1',
		DATA_DIR: dataDir,
		SUPABASE_URL: standIn.url,
		SUPABASE_SERVICE_ROLE_KEY: standIn.serviceRoleKey
	});
	cleanups.push(() => stop(app));
	browser = await launchBrowser();
	cleanups.push(() => browser.close());
});
afterAll(async () => {
	for (const c of cleanups.reverse()) await c();
});

const pages: Page[] = [];
afterEach(async () => {
	await Promise.all(pages.splice(0).map((p) => p.context().close()));
});

/** A fresh browser context (own cookies) on this test's server, signed in as `email`. */
async function signedIn(email: string): Promise<Page> {
	const page = await (await browser.newContext({ baseURL: app.url })).newPage();
	pages.push(page);
	await signIn(page, email);
	return page;
}

/** Every file under `dir`, or none when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
		if (err.code === 'ENOENT') return [];
		throw err;
	});
	return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('attachments in Supabase Storage', () => {
	test('a PDF on an action item is stored in the bucket, served to the police and hidden from Tuzla', { timeout: 120_000 }, async () => {
		const coordinator = await signedIn(demoUser('coordinator'));
		const itemTitle = uniqueTitle('Leaflets for parents');
		const itemId = await createActionItem(coordinator, 'kumanovo', { title: itemTitle, owner: 'Police Station Kumanovo' });
		const itemPath = `/m/kumanovo/actions/${itemId}`;

		const name = `${uniqueTitle('leaflet').replace(/ /g, '-')}.pdf`;
		const pdf = samplePdf(name);
		const files = coordinator.getByRole('region', { name: 'Files' });
		await files.getByLabel('Add a file (agenda, presentation, photo of a flip chart)').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
		await Promise.all([
			coordinator.waitForURL((url) => url.pathname === itemPath && url.searchParams.get('attachment') === 'added'),
			files.getByRole('button', { name: 'Upload', exact: true }).click()
		]);
		await files.getByRole('status').filter({ hasText: 'The file was added.' }).waitFor();
		const href = (await files.getByRole('link', { name, exact: true }).getAttribute('href'))!;
		expect(href).toMatch(/^\/m\/kumanovo\/attachments\/[0-9a-f-]{36}$/);

		// In the bucket, with the sniffed type; nothing on the server's disk.
		const stored = [...(standIn.buckets.get('attachments')?.entries() ?? [])].filter(([, o]) => Buffer.compare(Buffer.from(o.bytes), pdf) === 0);
		expect(stored).toHaveLength(1);
		const [key, object] = stored[0];
		expect(object.contentType).toBe('application/pdf');
		expect(await filesUnder(path.join(dataDir, 'attachments'))).toEqual([]);

		// The police (the item's owner organization) download the same bytes, read from the bucket.
		const police = await signedIn(demoUser('police'));
		await visit(police, itemPath);
		await heading(police, itemTitle);
		const reads = () => standIn.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/attachments/${key}`)).length;
		const readsBefore = reads();
		const [download] = await Promise.all([
			police.waitForEvent('download'),
			police.getByRole('region', { name: 'Files' }).getByRole('link', { name, exact: true }).click()
		]);
		expect(download.suggestedFilename()).toBe(name);
		expect(Buffer.compare(await readFile((await download.path())!), pdf)).toBe(0);
		expect(reads()).toBeGreaterThan(readsBefore);

		// Another board's coordinator: neither the file nor the item exists for them.
		const tuzla = await signedIn(demoUser('coordinator', 'tuzla'));
		const refused = await tuzla.request.get(href);
		expect(refused.status()).toBe(404);
		expect(Buffer.from(await refused.body()).includes(pdf)).toBe(false);
		expect((await visit(tuzla, itemPath)).status()).toBe(404);
	});
});
