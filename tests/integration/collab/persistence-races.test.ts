import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, MESSAGE } from '$lib/collab/protocol';
import { LIMITS } from '$lib/server/collab/limits';
import type { Database } from '$lib/server/db/database';
import { driverName } from '../helpers/test-db';
import { useTestDatabase } from '../helpers/use-test-database';
import { makeWorld, type World } from '../helpers/world';
import { client, cookieFor, makeNote, probedDb, roundTrip, searchableText, startCollab, storedText, synced, until, writeParagraph, type Client } from './harness';

let db: Database;
let world: World;
const cleanup: (() => unknown)[] = [];
useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
});
afterEach(async () => {
	for (const done of cleanup.splice(0).reverse()) await done();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A collaboration server whose stores the test controls (see probedDb). */
async function start() {
	const { db: probed, probe } = probedDb(db);
	const server = await startCollab(probed);
	cleanup.push(() => server.stop());
	const open = async (userId: string, noteId: string): Promise<Client> => {
		const c = client(server.url, noteId, await cookieFor(db, userId));
		cleanup.push(() => c.destroy());
		await synced(c);
		return c;
	};
	return { collab: server.collab, probe, open };
}
const type = (c: Client, text: string) => c.doc.getText('t').insert(c.doc.getText('t').length, text);
const clockOf = (c: Client) => Y.getState(c.doc.store, c.doc.clientID);
const note = (text?: string) => makeNote(db, world.kumanovo.municipality.id, text);

describe(`persistence races on ${driverName()}`, () => {
	it('stores every edit when the last client leaves while a store is in flight', async () => {
		const { collab, probe, open } = await start();
		Object.assign(probe, { delayMs: 200, holdMs: 200 });
		const noteId = await note();
		const a = await open(world.kumanovo.users.coordinator, noteId);
		type(a, 'First batch. ');
		await until(() => probe.started === 1, 'the first store');
		type(a, 'Second batch, typed while the first is being stored.');
		const final = a.text();
		a.destroy();

		await until(() => !collab.isLoaded(noteId), 'the document to unload');
		expect(await storedText(db, noteId)).toBe(final);
		const [log] = await db.system((sql) => sql.query<{ n: number }>('select count(*)::int as n from note_updates where note_id = $1', [noteId]));
		expect(log.n).toBe(0); // folded into the snapshot on unload
	});

	it('gives a client that joins during a store the whole document, and loses nothing', async () => {
		const { probe, open } = await start();
		Object.assign(probe, { delayMs: 200, holdMs: 500 });
		const noteId = await note('Stored long ago. ');
		const a = await open(world.kumanovo.users.coordinator, noteId);
		type(a, 'Being stored now. ');
		await until(() => probe.started === 1, 'the store');
		const b = await open(world.kumanovo.users.member, noteId);
		expect(probe.settled).toBe(0); // b joined while that store was in flight
		expect(b.text()).toBe(a.text());
		type(b, 'Typed by the newcomer.');
		await until(() => a.text() === b.text() && a.text().endsWith('newcomer.'), 'convergence');
		await until(async () => (await storedText(db, noteId)) === a.text(), 'storage');
	});

	it('gives a client that joins just after the last one left, during the store, the whole document', async () => {
		const { collab, probe, open } = await start();
		Object.assign(probe, { delayMs: 200, holdMs: 500 });
		const noteId = await note('Stored long ago. ');
		const a = await open(world.kumanovo.users.coordinator, noteId);
		type(a, 'Being stored now. ');
		await until(() => probe.started === 1, 'the store');
		type(a, 'Typed during the store, just before leaving.');
		const final = a.text();
		a.destroy();
		const b = await open(world.kumanovo.users.member, noteId);
		expect(b.text()).toBe(final);
		b.destroy();
		await until(() => !collab.isLoaded(noteId), 'the document to unload');
		expect(await storedText(db, noteId)).toBe(final);
	});

	it('shares the document between a client that joins while it unloads and the next one to join', async () => {
		const { collab, probe, open } = await start();
		probe.compactHoldMs = 500;
		const noteId = await note('Stored long ago. ');
		const a = await open(world.kumanovo.users.coordinator, noteId);
		type(a, 'Typed before leaving. ');
		await until(() => probe.committed === 1, 'storage');
		a.destroy();
		await until(() => probe.compactions === 1, 'the compaction on unloading');
		const b = await open(world.kumanovo.users.member, noteId);
		expect(probe.compacted).toBe(0); // b joined while the compaction was in flight
		await until(() => probe.compacted === 1, 'the end of the compaction');
		type(b, 'Typed once the compaction was done.');
		const c = await open(world.kumanovo.users.observer, noteId);
		await until(() => c.text() === b.text() && b.text().endsWith('done.'), 'the edit at the next client');
		expect(c.text()).toBe(`${a.text()}Typed once the compaction was done.`);
		expect(collab.isLoaded(noteId)).toBe(true);
	});

	it('writes the searchable text as soon as the last person leaves, whatever becomes of the unload compaction', async () => {
		// A loaded room's text counts as written a random part of a refresh ago (room.ts, load);
		// here as written at load, so no store of this test is due to refresh it.
		const random = vi.spyOn(Math, 'random').mockReturnValue(0);
		onTestFinished(() => random.mockRestore());
		const { collab, probe, open } = await start();
		const noteId = await note();
		const searchable = () => searchableText(db, noteId);
		const a = await open(world.kumanovo.users.coordinator, noteId);
		const write = (words: string) => writeParagraph(a.doc, words);
		write('First words.');
		await until(() => probe.committed === 1, 'the first store');
		write('Second words.');
		await until(() => probe.committed === 2, 'the second store');
		expect(await searchable()).not.toContain('words.'); // the text is refreshed every 30 s while open
		probe.failCompactions = 1;
		a.destroy();
		await until(async () => (await searchable()).includes('Second words.'), 'the text once the last person left', 3_000);
		expect(await searchable()).toContain('First words.');
		await until(() => !collab.isLoaded(noteId), 'the document to unload');
		expect(probe.failCompactions).toBe(0); // the unload compaction was tried, and failed
	});

	it('keeps a document whose stores fail in memory, retries, and never stores less than before', async () => {
		const { collab, probe, open } = await start();
		const before = 'Stored before the outage. ';
		const final = `${before}Typed during the outage.`;
		const noteId = await note(before);
		const samples: string[] = [];
		let sampling = true;
		const sampler = (async () => {
			while (sampling) {
				samples.push(await storedText(db, noteId));
				await sleep(50);
			}
		})();
		cleanup.push(() => ((sampling = false), sampler));
		/** Until `done`: the document may leave memory only once it is stored. */
		const stillLoaded = (done: () => boolean | Promise<boolean>) => async () => {
			const loaded = collab.isLoaded(noteId);
			if (!loaded) expect(await storedText(db, noteId)).toBe(final);
			return done();
		};

		const a = await open(world.kumanovo.users.coordinator, noteId);
		probe.fail = 3;
		type(a, 'Typed during the outage.');
		await until(() => probe.started === 1, 'a failed store');
		a.destroy(); // leaving stores at once: the second failure
		await until(stillLoaded(() => probe.started === 2), 'the store on leaving');
		const late = await open(world.kumanovo.users.member, noteId);
		expect(late.text()).toBe(final); // the unstored edit, served from memory
		late.destroy(); // the third failure; from now on only the retry timer stores
		await until(stillLoaded(() => probe.started === 3), 'the store on leaving again');
		await until(stillLoaded(async () => (await storedText(db, noteId)) === final), 'the retry', 15_000);

		await until(() => !collab.isLoaded(noteId), 'the document to unload');
		expect(probe.started).toBe(4);
		sampling = false;
		await sampler;
		expect(samples.length).toBeGreaterThan(10);
		for (const stored of samples) expect([before, final]).toContain(stored);
	});

	it("sends 'persisted' only for what is stored, and tells a joining client what is stored", async () => {
		const { probe, open } = await start();
		probe.delayMs = 300;
		const noteId = await note();
		const a = await open(world.kumanovo.users.coordinator, noteId);
		const acks: { covers: number; committed: number }[] = [];
		a.provider.messageHandlers[MESSAGE.persisted] = (_e, decoder) => {
			const stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
			acks.push({ covers: stored.get(a.doc.clientID) ?? 0, committed: probe.committed });
		};
		type(a, 'One. ');
		const first = clockOf(a);
		await until(() => probe.started === 1, 'the first store');
		type(a, 'Two, typed during the first store.');
		const second = clockOf(a);

		await until(() => acks.some((ack) => ack.covers >= second), "a 'persisted' covering the second edit");
		// Each acknowledgement came after its store committed, and claimed no more than it held.
		expect(acks.find((ack) => ack.covers >= first)).toEqual({ covers: first, committed: 1 });
		expect(acks.find((ack) => ack.covers >= second)).toEqual({ covers: second, committed: 2 });
		expect(await storedText(db, noteId)).toBe(a.text());
		const late = await open(world.kumanovo.users.member, noteId);
		expect(late.persisted.at(-1)?.get(a.doc.clientID)).toBe(second);

		// Later acknowledgements go to whoever has edits waiting for them, not to every reader.
		const toLate = late.persisted.length;
		type(a, 'Three, while someone reads.');
		const third = clockOf(a);
		await until(() => acks.some((ack) => ack.covers >= third), "a 'persisted' covering the third edit");
		await roundTrip(a, late);
		expect(late.text()).toBe(a.text());
		expect(late.persisted.length).toBe(toLate);

		// Someone joining while an edit waits for its store is told only what is stored.
		type(a, 'Four, not stored yet.');
		const waiting = probe.committed;
		const joiner = await open(world.kumanovo.users.observer, noteId);
		expect(probe.committed).toBe(waiting);
		expect(joiner.text()).toBe(a.text());
		expect(joiner.persisted[0]?.get(a.doc.clientID)).toBe(third);
	});

	it('stores edits still inside the batching window on shutdown, before closing connections', async () => {
		const { collab, probe, open } = await start();
		probe.delayMs = 200;
		// A long batching window, so the edit is surely still in it when shutdown comes.
		const limits = LIMITS as { flushDelayMs: number };
		const usual = limits.flushDelayMs;
		limits.flushDelayMs = 20_000;
		onTestFinished(() => void (limits.flushDelayMs = usual));
		const noteId = await note();
		const a = await open(world.kumanovo.users.coordinator, noteId);
		const b = await open(world.kumanovo.users.member, noteId);
		let committedAtClose = -1;
		a.provider.on('connection-close', () => (committedAtClose = committedAtClose < 0 ? probe.committed : committedAtClose));
		type(a, 'Typed a moment before the restart.');
		await until(() => b.text() === a.text(), 'the edit at the server');
		expect(probe.started).toBe(0); // still waiting in the batching window

		await collab.shutdown();
		probe.dead = true; // the process exits here
		await until(() => a.closes.length > 0 && b.closes.length > 0, 'the closes');
		expect([a.closes[0], b.closes[0]]).toEqual([CLOSE.restarting, CLOSE.restarting]);
		expect(committedAtClose).toBe(1);
		expect(await storedText(db, noteId)).toBe(a.text());
	});

	it('stores, before shutdown returns, every edit it relayed while shutting down', async () => {
		const { collab, probe, open } = await start();
		probe.delayMs = 300;
		const noteId = await note();
		const a = await open(world.kumanovo.users.coordinator, noteId);
		const b = await open(world.kumanovo.users.member, noteId);
		type(a, 'Typed before the restart. ');
		await until(() => b.text() === a.text(), 'the first edit at the server');
		const stopping = collab.shutdown().then(() => (probe.dead = true)); // the process exits then
		await until(() => probe.started === 1, "shutdown's store");
		type(a, 'Typed while the server was storing on its way down.');
		await stopping;
		await sleep(500);
		// Whatever others were shown must be stored; an edit not stored must not have been shown.
		expect(await storedText(db, noteId)).toBe(b.text());
	});
});
