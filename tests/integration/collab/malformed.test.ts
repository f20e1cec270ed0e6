import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, MESSAGE } from '$lib/collab/protocol';
import { LIMITS } from '$lib/server/collab/limits';
import type { Database } from '$lib/server/db/database';
import { driverName } from '../helpers/test-db';
import { useTestDatabase } from '../helpers/use-test-database';
import { makeWorld, type World } from '../helpers/world';
import { client, cookieFor, makeNote, makePerson, rawSocket, startCollab, storedText, synced, until, type Client } from './harness';

let db: Database;
let world: World;
let server: Awaited<ReturnType<typeof startCollab>>;
const cleanup: (() => void)[] = [];
useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
});
beforeAll(async () => {
	server = await startCollab(db);
});
afterEach(() => {
	for (const done of cleanup.splice(0)) done();
});
afterAll(() => server.stop());

const frame = (type: number, write: (e: encoding.Encoder) => void = () => {}) => {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, type);
	write(e);
	return encoding.toUint8Array(e);
};
const syncUpdate = (update: Uint8Array) =>
	frame(MESSAGE.sync, (e) => {
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint8Array(e, update);
	});
type Presence = { clientId: number; clock: number; state: unknown };
const awarenessUpdate = (entries: Presence[], encodeState = (s: unknown) => JSON.stringify(s)) =>
	frame(MESSAGE.awareness, (e) => {
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, entries.length);
		for (const p of entries) {
			encoding.writeVarUint(inner, p.clientId);
			encoding.writeVarUint(inner, p.clock);
			encoding.writeVarString(inner, encodeState(p.state));
		}
		encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	});
/** A real update someone else's editor would send: it inserts `text` at the start, then deletes `deleted` characters. */
const insertion = (text: string, deleted = 0) => {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	doc.getText('t').delete(0, deleted);
	return Y.encodeStateAsUpdate(doc);
};
/**
 * An update Y.decodeUpdate reads whole, whose first item inserts `text` and whose second
 * refers to an id of its own client after itself: Y.applyUpdate integrates the first and then
 * throws on the second.
 */
const forwardReference = (text: string) => {
	const e = encoding.createEncoder();
	const client = 1 + Math.floor(Math.random() * 2 ** 30);
	for (const n of [1, 2, client, 0]) encoding.writeVarUint(e, n); // one client, two structs from clock 0
	encoding.writeUint8(e, 4); // a string item with no origins: its parent comes next
	encoding.writeVarUint(e, 1);
	encoding.writeVarString(e, 't');
	encoding.writeVarString(e, text);
	encoding.writeUint8(e, 0x80 | 4); // a string item with an origin...
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, text.length + 50); // ...after it
	encoding.writeVarString(e, '!');
	encoding.writeVarUint(e, 0); // no deletions
	return encoding.toUint8Array(e);
};

const open = async (userId: string, noteId: string): Promise<Client> => {
	const c = client(server.url, noteId, await cookieFor(db, userId));
	cleanup.push(() => c.destroy());
	await synced(c);
	return c;
};
const attacker = async (userId: string, noteId: string) => {
	const socket = rawSocket(server.url, noteId, await cookieFor(db, userId));
	cleanup.push(() => socket.ws.terminate());
	await socket.greeted();
	return socket;
};

/**
 * A note with stored text and an editor who has just added to it; `send` is sent by another
 * member over a bare socket. Returns the close code that member got, after checking that the
 * editor, a newcomer and the database all still hold exactly the document from before.
 */
async function attack(send: Uint8Array[]): Promise<number> {
	const noteId = await makeNote(db, world.kumanovo.municipality.id, `Agenda ${crypto.randomUUID()}.`);
	const editor = await open(world.kumanovo.users.coordinator, noteId);
	editor.doc.getText('t').insert(editor.text().length, ' Police report follows.');
	await until(async () => (await storedText(db, noteId)) === editor.text(), 'storage');
	const before = editor.text();

	const socket = await attacker(world.kumanovo.users.member, noteId);
	for (const data of send) socket.send(data);
	const code = await socket.closed;

	const newcomer = await open(world.kumanovo.users.observer, noteId);
	expect(newcomer.text()).toBe(before);
	expect(editor.text()).toBe(before);
	expect(editor.closes).toEqual([]);
	await new Promise((r) => setTimeout(r, LIMITS.flushDelayMs * 2));
	expect(await storedText(db, noteId)).toBe(before);
	return code;
}

describe(`malformed and oversized messages on ${driverName()}`, () => {
	const truncated = insertion('SHOULD NOT APPEAR '.repeat(4));
	// Its items decode completely; only the delete set at its end is cut short.
	const cutInDeleteSet = insertion('SHOULD NOT APPEAR EITHER ', 7).slice(0, -1);
	const cases: { what: string; send: Uint8Array[]; code: number }[] = [
		{ what: 'an empty frame', send: [new Uint8Array(0)], code: CLOSE.malformed },
		{ what: 'a message type that never ends', send: [new Uint8Array(12).fill(0xff)], code: CLOSE.malformed },
		{ what: 'a sync message of an unknown kind', send: [frame(MESSAGE.sync, (e) => encoding.writeVarUint(e, 9))], code: CLOSE.malformed },
		{ what: 'an unknown message type', send: [frame(7)], code: CLOSE.malformed },
		{ what: "a message type only the server sends ('persisted')", send: [frame(MESSAGE.persisted, (e) => encoding.writeVarUint8Array(e, new Uint8Array([0])))], code: CLOSE.malformed },
		{ what: 'a sync update whose length runs past the frame', send: [syncUpdate(truncated).slice(0, 12)], code: CLOSE.malformed },
		{ what: 'a truncated Yjs update', send: [syncUpdate(truncated.slice(0, Math.floor(truncated.length / 3)))], code: CLOSE.malformed },
		{ what: 'a Yjs update cut short in its delete set', send: [syncUpdate(cutInDeleteSet)], code: CLOSE.malformed },
		{ what: 'a Yjs update with an item referring forward in its own client', send: [syncUpdate(forwardReference('SHOULD NOT APPEAR, HALF APPLIED '))], code: CLOSE.malformed },
		{ what: 'awareness that is not JSON', send: [awarenessUpdate([{ clientId: 7, clock: 1, state: null }], () => '{"user":')], code: CLOSE.malformed },
		{ what: 'a message a few bytes over the limit', send: [syncUpdate(new Uint8Array(LIMITS.maxMessageBytes))], code: CLOSE.tooLarge },
		// The update is on its way before the client can read the close: it must not be applied.
		{ what: 'garbage and, right behind it, a valid update', send: [new Uint8Array(0), syncUpdate(insertion('SHOULD NOT APPEAR AFTER GARBAGE '))], code: CLOSE.malformed }
	];

	it.each(cases)('closes a connection that sends $what, and the document stays intact', async ({ send, code }) => {
		expect(await attack(send)).toBe(code);
	});

	it('tells a client whose offline edits grew past the limit that they are too large, once', async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id, 'Agenda.');
		const watcher = await open(world.kumanovo.users.observer, noteId);
		const c = client(server.url, noteId, await cookieFor(db, world.kumanovo.users.member));
		cleanup.push(() => c.destroy());
		// Typed before the socket opened: all of it goes in the one sync step 2 answering the server.
		c.doc.getText('t').insert(0, 'x'.repeat(LIMITS.maxMessageBytes * 2));
		await until(() => c.closes.length > 0, 'the refusal');
		await new Promise((r) => setTimeout(r, 1_000));
		// Anything but a 44xx code makes y-websocket reconnect and send the same message forever.
		expect(c.closes).toEqual([CLOSE.tooLarge]);
		expect(watcher.text()).toBe('Agenda.');
	});

	it('accepts a valid update after the same member sent garbage on another connection', async () => {
		// Control for the cases above: the attacker's socket itself is able to write.
		const noteId = await makeNote(db, world.kumanovo.municipality.id, 'Agenda.');
		const watcher = await open(world.kumanovo.users.observer, noteId);
		const socket = await attacker(world.kumanovo.users.member, noteId);
		socket.send(syncUpdate(insertion('Valid. ')));
		await until(() => watcher.text().includes('Valid.'), 'the valid update at another client');
		expect(watcher.text()).toContain('Agenda.');
	});
});

describe(`awareness spoofing on ${driverName()}`, () => {
	it("shows a client's presence under its own name, whatever name it claims", async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id);
		const impostor = await makePerson(db, world.kumanovo.municipality.id, 'member', world.kumanovo.organizations.police);
		const spy = await open(world.kumanovo.users.observer, noteId);
		const socket = await attacker(impostor.id, noteId);
		const clientId = 1 + Math.floor(Math.random() * 2 ** 30);
		socket.send(awarenessUpdate([{ clientId, clock: 1, state: { user: { name: 'The Mayor', organization: 'City Hall', color: '#000000' } } }]));

		await until(() => spy.provider.awareness.getStates().has(clientId), 'the impostor at the spy');
		const shown = spy.provider.awareness.getStates().get(clientId)!.user;
		expect(shown.name).toBe(impostor.name);
		expect(shown.organization).not.toBe('City Hall');
	});

	it("cannot overwrite or remove the presence of a client another connection owns", async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id);
		const victim = await makePerson(db, world.kumanovo.municipality.id, 'coordinator');
		const impostor = await makePerson(db, world.kumanovo.municipality.id, 'member', world.kumanovo.organizations.police);
		const victimClient = await open(victim.id, noteId);
		const spy = await open(world.kumanovo.users.observer, noteId);
		victimClient.provider.awareness.setLocalStateField('cursor', 'on the agenda');
		const seen = () => spy.provider.awareness.getStates().get(victimClient.doc.clientID);
		await until(() => seen()?.cursor === 'on the agenda', "the victim's cursor at the spy");

		const socket = await attacker(impostor.id, noteId);
		const ownId = victimClient.doc.clientID + 1;
		socket.send(awarenessUpdate([{ clientId: victimClient.doc.clientID, clock: 1_000, state: { cursor: 'hijacked' } }]));
		socket.send(awarenessUpdate([{ clientId: victimClient.doc.clientID, clock: 1_001, state: null }]));
		socket.send(awarenessUpdate([{ clientId: ownId, clock: 1, state: { mark: 'after the attempts' } }]));
		await until(() => spy.provider.awareness.getStates().get(ownId)?.mark === 'after the attempts', "the impostor's own presence");

		expect(seen()).toMatchObject({ cursor: 'on the agenda', user: { name: victim.name } });
		expect(victimClient.provider.awareness.getLocalState()).toMatchObject({ cursor: 'on the agenda' });
	});

	it("cannot fill a room's presence with states under made-up client ids", async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id);
		const flooder = await makePerson(db, world.kumanovo.municipality.id, 'member', world.kumanovo.organizations.police);
		const spy = await open(world.kumanovo.users.observer, noteId);
		const socket = await attacker(flooder.id, noteId);
		const base = 1 + Math.floor(Math.random() * 2 ** 30);
		const ids = Array.from({ length: 10 }, (_, i) => base + i);
		socket.send(awarenessUpdate(ids.map((clientId) => ({ clientId, clock: 1, state: { n: clientId } }))));
		socket.send(awarenessUpdate([{ clientId: base + 100, clock: 1, state: { n: 'later' } }]));
		// The first ids up to the limit still work: renewed, they reach the spy.
		socket.send(awarenessUpdate([{ clientId: base, clock: 2, state: { mark: 'renewed' } }]));
		await until(() => spy.provider.awareness.getStates().get(base)?.mark === 'renewed', 'the renewed state');

		const shown = ids.concat(base + 100).filter((id) => spy.provider.awareness.getStates().has(id));
		expect(shown).toEqual(ids.slice(0, LIMITS.awarenessIdsPerConnection));
	});
});
