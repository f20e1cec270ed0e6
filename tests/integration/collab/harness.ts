import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CollabServer } from '$lib/server/collab/server';
import { createSession } from '$lib/server/auth/session';
import type { Database } from '$lib/server/db/database';

export const ORIGIN = 'http://roundtable.test';

/** The collaboration server on a loopback port, as server/index.js runs it. */
export async function startCollab(db: Database | (() => Promise<Database>)) {
	const collab = new CollabServer(typeof db === 'function' ? db : async () => db, { expectedOrigin: () => ORIGIN });
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
	return { doc, provider, closes, text: () => doc.getText('t').toString(), destroy: () => provider.destroy() };
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

export async function makeNote(db: Database, municipalityId: string): Promise<string> {
	const [row] = await db.system((sql) =>
		sql.query<{ id: string }>(`insert into notes (municipality_id, title) values ($1, 'Test note') returning id`, [municipalityId])
	);
	return row.id;
}

/** The note's document as stored in the database. */
export async function storedText(db: Database, noteId: string): Promise<string> {
	const { NoteStore } = await import('$lib/server/collab/store');
	const { update } = await new NoteStore(async () => db).load(noteId);
	const doc = new Y.Doc();
	if (update) Y.applyUpdate(doc, update);
	return doc.getText('t').toString();
}
