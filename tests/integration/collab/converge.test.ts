import { describe, expect, it } from 'vitest';
import { documentText } from '$lib/server/collab/document';
import { LIMITS } from '$lib/server/collab/limits';
import type { Database } from '$lib/server/db/database';
import { driverName } from '../helpers/test-db';
import type { World } from '../helpers/world';
import { client, cookieFor, makeNote, startCollab, useCollabWorld, type CollabTestServer, searchableText, storedDoc, storedText, synced, until, writeParagraph } from './harness';

let db: Database;
let world: World;
let server: CollabTestServer;
const clients = useCollabWorld((ctx) => ({ db, world, server } = ctx));

const open = async (userId: string, noteId: string) => {
	const c = client(server.url, noteId, await cookieFor(db, userId));
	clients.push(c);
	await synced(c);
	return c;
};

describe(`collaboration on ${driverName()}`, () => {
	it('two clients converge through the server; a third that joins later gets the whole document', async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id);
		const a = await open(world.kumanovo.users.coordinator, noteId);
		const b = await open(world.kumanovo.users.member, noteId);
		a.doc.getText('t').insert(0, 'Hello from the coordinator. ');
		b.doc.getText('t').insert(0, 'Police here. ');
		await until(() => a.text() === b.text() && a.text().length > 40, 'convergence');
		expect(a.text()).toContain('Hello from the coordinator.');
		expect(a.text()).toContain('Police here.');
		const c = await open(world.kumanovo.users.observer, noteId);
		expect(c.text()).toBe(a.text());
		await until(async () => (await storedText(db, noteId)) === a.text(), 'storage');
		expect(await storedText(db, noteId)).toBe(a.text());
	});

	it('stores updates in batches and compacts the log when the document unloads', async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id);
		const a = await open(world.kumanovo.users.coordinator, noteId);
		for (let i = 0; i < 50; i++) a.doc.getText('t').insert(a.doc.getText('t').length, `${i} `);
		await until(async () => (await storedText(db, noteId)) === a.text(), 'storage');
		const [log] = await db.system((sql) => sql.query<{ n: number }>('select count(*)::int as n from note_updates where note_id = $1', [noteId]));
		expect(log.n).toBeLessThan(50); // batched, not one row per keystroke
		a.destroy();
		await until(() => !server.collab.isLoaded(noteId), 'unload');
		const after = await db.system((sql) =>
			sql.query<{ n: number; text: string; has_state: boolean }>(
				`select (select count(*)::int from note_updates where note_id = $1) as n, text_content as text, ydoc_state is not null as has_state from notes where id = $1`,
				[noteId]
			)
		);
		expect(after[0]).toMatchObject({ n: 0, has_state: true });
		expect(await storedText(db, noteId)).toBe(a.text());
	});

	it('keeps the searchable text at most textRefreshMs behind while the note stays open', async () => {
		// Its own server with a short refresh, so the test waits seconds rather than LIMITS' half minute.
		const textRefreshMs = 1_500;
		const quick = await startCollab(db, { textRefreshMs });
		try {
			const noteId = await makeNote(db, world.kumanovo.municipality.id);
			const a = client(quick.url, noteId, await cookieFor(db, world.kumanovo.users.coordinator));
			clients.push(a);
			await synced(a);
			const searchable = () => searchableText(db, noteId);
			const behind = textRefreshMs + 4 * LIMITS.flushDelayMs;
			const type = (words: string) => writeParagraph(a.doc, words);
			type('First words.');
			await until(async () => (await searchable()).includes('First words.'), 'the first text', behind);
			// Typed right after a text write: stored at once, written to the text by the refresh timer.
			type('Second words.');
			await until(async () => documentText(await storedDoc(db, noteId)).includes('Second words.'), 'storage');
			expect(await searchable()).not.toContain('Second words.');
			await until(async () => (await searchable()).includes('Second words.'), 'the refreshed text', behind);
			expect(quick.collab.isLoaded(noteId)).toBe(true);
		} finally {
			await quick.stop();
		}
	});
});
