import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { MESSAGE, NOTE_FIELD } from '$lib/collab/protocol';
import type { MunicipalityRole } from '$lib/domain/roles';
import { CollabServer, type CollabOptions } from '$lib/server/collab/server';
import { createSession } from '$lib/server/auth/session';
import type { Database } from '$lib/server/db/database';
import type { Sql } from '$lib/server/db/types';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { useTestDatabase } from '../helpers/use-test-database';
import { addMember, makeUser, makeWorld, type World } from '../helpers/world';

export const ORIGIN = 'http://roundtable.test';

/**
 * The usual fixture of a collaboration test file: a test database with the small world, one
 * collaboration server for the file, and a list of clients destroyed after each test.
 * `ready` receives the database, world and server once they exist.
 */
export function useCollabWorld(ready: (ctx: { db: Database; world: World; server: CollabTestServer }) => void): Client[] {
	const clients: Client[] = [];
	let db: Database;
	let world: World;
	let server: CollabTestServer | undefined;
	useTestDatabase(async (opened) => {
		db = opened;
		world = await makeWorld(db);
	});
	beforeAll(async () => {
		server = await startCollab(db);
		ready({ db, world, server });
	});
	afterEach(() => {
		for (const c of clients.splice(0)) c.destroy();
	});
	afterAll(() => server?.stop());
	return clients;
}

export type CollabTestServer = Awaited<ReturnType<typeof startCollab>>;

/** The collaboration server on a loopback port, as server/index.js runs it. */
export async function startCollab(db: Database | (() => Promise<Database>), options: Omit<CollabOptions, 'expectedOrigin'> = {}) {
	const collab = new CollabServer(typeof db === 'function' ? db : async () => db, { expectedOrigin: () => ORIGIN, ...options });
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/collab`;
	return {
		collab,
		url,
		async stop() {
			await collab.shutdown();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	};
}

export async function cookieFor(db: Database, userId: string): Promise<string> {
	const { token } = await createSession(db, userId);
	return `rt_session=${token}`;
}

/** A WebSocket class carrying a cookie and an Origin, as a browser page of ours would. */
export function socketClass(cookie: string | undefined, origin = ORIGIN): typeof WebSocket {
	return class extends WebSocket {
		constructor(address: string, protocols?: string | string[]) {
			super(address, protocols, { headers: { origin, ...(cookie ? { cookie } : {}) } });
		}
	} as typeof WebSocket;
}

/** A y-websocket client in Node, like the browser's but without BroadcastChannel shortcuts. */
export function client(url: string, noteId: string, cookie: string | undefined, origin = ORIGIN) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(url, noteId, doc, {
		WebSocketPolyfill: socketClass(cookie, origin) as never,
		disableBc: true,
		maxBackoffTime: 300
	});
	const closes: number[] = [];
	provider.on('connection-close', (event) => event && closes.push(event.code));
	// Our own server → client messages, and the type of every message received, in order.
	const modes: number[] = [];
	const persisted: Map<number, number>[] = [];
	const received: number[] = [];
	provider.messageHandlers[MESSAGE.mode] = (_e, decoder) => void modes.push(decoding.readVarUint(decoder));
	provider.messageHandlers[MESSAGE.persisted] = (_e, decoder) => void persisted.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
	provider.messageHandlers = provider.messageHandlers.map((handle, type) => (...args: Parameters<typeof handle>) => {
		received.push(type);
		handle(...args);
	});
	return { doc, provider, closes, modes, persisted, received, text: () => doc.getText('t').toString(), destroy: () => provider.destroy() };
}
export type Client = ReturnType<typeof client>;

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

export const synced = (c: Client) => until(() => c.provider.synced, 'sync');

/** A note; with `text`, its stored document already holds that text. */
export async function makeNote(db: Database, municipalityId: string, text?: string): Promise<string> {
	let state: Buffer | null = null;
	if (text) {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, text);
		state = Buffer.from(Y.encodeStateAsUpdate(doc));
	}
	const [row] = await db.system((sql) =>
		sql.query<{ id: string }>(`insert into notes (municipality_id, title, ydoc_state) values ($1, 'Test note', $2) returning id`, [
			municipalityId,
			state
		])
	);
	return row.id;
}

/** A new person on a board, named by a unique email (which is also their display name). */
export async function makePerson(db: Database, municipalityId: string, role: MunicipalityRole, organizationId: string | null = null) {
	const name = `${role}-${crypto.randomUUID().slice(0, 8)}@people.test`;
	const id = await makeUser(db, name);
	await addMember(db, municipalityId, id, role, organizationId);
	return { id, name };
}

/** The note's document as stored in the database. */
export async function storedDoc(db: Database, noteId: string): Promise<Y.Doc> {
	const { NoteStore } = await import('$lib/server/collab/store');
	const { update } = await new NoteStore(async () => db).load(noteId);
	const doc = new Y.Doc();
	if (update) Y.applyUpdate(doc, update);
	return doc;
}

export const storedText = async (db: Database, noteId: string) => (await storedDoc(db, noteId)).getText('t').toString();

/** The note's searchable text column, as search reads it. */
export const searchableText = async (db: Database, noteId: string) =>
	(await db.system((sql) => sql.query<{ text: string | null }>('select text_content as text from notes where id = $1', [noteId])))[0].text ?? '';

/** Types `words` the way the editor writes them: a paragraph at the top of the note's fragment. */
export function writeParagraph(doc: Y.Doc, words: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(words)]);
	doc.getXmlFragment(NOTE_FIELD).insert(0, [paragraph]);
}

/**
 * Resolves once `to` has seen a fresh awareness mark from `from`. The server handles one
 * connection's messages in order and relays in order, so by then `to` has also received
 * anything `from` sent before it (document updates included), had the server relayed it.
 */
export async function roundTrip(from: Client, to: Client): Promise<void> {
	const mark = crypto.randomUUID();
	from.provider.awareness.setLocalStateField('mark', mark);
	await until(() => to.provider.awareness.getStates().get(from.doc.clientID)?.mark === mark, 'a round trip');
}

/** A bare WebSocket on a note, for speaking the protocol badly on purpose. */
export function rawSocket(url: string, noteId: string, cookie: string | undefined, origin = ORIGIN) {
	const Socket = socketClass(cookie, origin);
	const ws = new Socket(`${url}/${noteId}`);
	const messages: Uint8Array[] = [];
	ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
	ws.on('error', () => {});
	const closed = new Promise<number>((resolve) => ws.on('close', (code: number) => resolve(code)));
	const greeted = () => until(() => messages.length > 0, 'the server greeting');
	return { ws, messages, closed, greeted, send: (data: Uint8Array) => ws.send(data) };
}

/**
 * `db` with the collaboration server's writes under the test's control. Stores (statements that
 * append to note_updates) are counted and can fail, be delayed before they run, or stay in
 * flight after they committed (holdMs); compactions can stay in flight after they committed
 * too. Once `dead`, every query fails, as if the process had exited.
 */
export function probedDb(db: Database) {
	const probe = { started: 0, committed: 0, settled: 0, compactions: 0, compacted: 0, fail: 0, failCompactions: 0, delayMs: 0, holdMs: 0, compactHoldMs: 0, dead: false };
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
	const alive = () => {
		if (probe.dead) throw new Error('injected: the process has exited');
	};
	const wrapped = Object.create(db) as Database;
	// A store is one statement (store.ts); one that only refreshes the text, with no update
	// to append (its first parameter, the notes appended to, is empty), is not counted.
	wrapped.systemStatement = async <T>(text: string, params?: unknown[]): Promise<T[]> => {
		const store = text.includes('insert into note_updates') && ((params?.[0] as unknown[] | undefined)?.length ?? 0) > 0;
		if (store) {
			probe.started++;
			if (probe.fail > 0) {
				probe.fail--;
				throw new Error('injected: the database is unreachable');
			}
			await sleep(probe.delayMs);
		}
		alive();
		const rows = await db.systemStatement<T>(text, params);
		if (store) {
			probe.committed++;
			await sleep(probe.holdMs);
			probe.settled++;
		}
		return rows;
	};
	wrapped.system = async <T>(fn: (sql: Sql) => Promise<T>): Promise<T> => {
		let compaction = false;
		const result = await db.system((sql) =>
			fn({
				async query<R>(text: string, params?: unknown[]) {
					if (text.includes('for update')) {
						compaction = true;
						if (probe.failCompactions > 0) {
							probe.failCompactions--;
							throw new Error('injected: the compaction failed');
						}
					}
					alive();
					return sql.query<R>(text, params);
				}
			})
		);
		if (compaction) {
			probe.compactions++;
			await sleep(probe.compactHoldMs);
			probe.compacted++;
		}
		return result;
	};
	return { db: wrapped, probe };
}
