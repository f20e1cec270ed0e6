import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE } from '$lib/collab/protocol';
import { framed } from '$lib/server/collab/frame';
import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { driverName } from '../helpers/test-db';
import type { World } from '../helpers/world';
import { client, cookieFor, makeNote, ORIGIN, rawSocket, startCollab, synced, until, useCollabWorld } from './harness';

let db: Database;
let world: World;
const clients = useCollabWorld((ctx) => ({ db, world } = ctx));

const PING_MS = 400;

/** A socket on a note that, unlike every WebSocket client, never answers a ping: a dead peer. */
async function silentSocket(url: string, noteId: string) {
	const ws = new WebSocket(`${url}/${noteId}`, { headers: { origin: ORIGIN, cookie: await cookieFor(db, world.kumanovo.users.member) }, autoPong: false });
	ws.on('error', () => {});
	const pings: number[] = [];
	ws.on('ping', () => pings.push(Date.now()));
	const closed = new Promise<number>((resolve) => ws.on('close', (code: number) => resolve(code)));
	await new Promise((resolve) => ws.once('message', resolve)); // accepted and greeted
	return { ws, pings, closed };
}

describe(`liveness of connections on ${driverName()}`, () => {
	it('drops a connection that stops answering pings, and keeps those that answer', async () => {
		const checking = await startCollab(db, { pingMs: PING_MS });
		try {
			const noteId = await makeNote(db, world.kumanovo.municipality.id, 'Agenda');
			const answering = client(checking.url, noteId, await cookieFor(db, world.kumanovo.users.coordinator));
			clients.push(answering);
			await synced(answering);
			const silent = await silentSocket(checking.url, noteId);
			const code = await Promise.race([silent.closed, new Promise((r) => setTimeout(() => r('still open'), 6 * PING_MS))]);
			// Terminated (no close frame: 1006) once a ping went unanswered until the next one.
			expect(code).toBe(1006);
			expect(silent.pings.length).toBeGreaterThanOrEqual(1);
			// Long enough for the answering client's pong to have been checked at least once.
			await new Promise((r) => setTimeout(r, 2.5 * PING_MS));
			expect(answering.closes).toEqual([]);
			expect(answering.provider.wsconnected).toBe(true);
		} finally {
			await checking.stop();
		}
	});

	it('pings the connections a slice at a time over the period, not all at once', async () => {
		const pingMs = 5_000;
		const checking = await startCollab(db, { pingMs });
		try {
			const noteId = await makeNote(db, world.kumanovo.municipality.id, 'Agenda');
			const sockets: Awaited<ReturnType<typeof silentSocket>>[] = [];
			for (let i = 0; i < 20; i++) sockets.push(await silentSocket(checking.url, noteId));
			await until(() => sockets.every((s) => s.pings.length > 0), 'a ping on every connection', 3 * pingMs);
			const first = sockets.map((s) => s.pings[0]).sort((a, b) => a - b);
			// Twenty connections in twenty of the hundred slices (a slice every 50 ms here): no two
			// are pinged together, where one timer for all, or ten slices, pinged several at once.
			const slice = pingMs / 100;
			const gaps = first.slice(1).map((at, i) => at - first[i]);
			expect(Math.min(...gaps)).toBeGreaterThanOrEqual(slice / 2);
			for (const s of sockets) s.ws.terminate();
		} finally {
			await checking.stop();
		}
	});

	it('sends a client alone in a note its own cursor back once it has heard nothing for a tick, so y-websocket does not time out', async () => {
		// A tick is pingMs / 10: 40 ms here, 3 s by default; y-websocket gives up after 30 s of silence.
		const checking = await startCollab(db, { pingMs: PING_MS });
		try {
			const noteId = await makeNote(db, world.kumanovo.municipality.id, 'Agenda');
			const alone = rawSocket(checking.url, noteId, await cookieFor(db, world.kumanovo.users.member));
			await alone.greeted();
			const awareness = new awarenessProtocol.Awareness(new Y.Doc());
			const cursor = (at: number) => {
				awareness.setLocalStateField('cursor', at);
				return framed(MESSAGE.awareness, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]));
			};
			const echoes = () => alone.messages.filter((m) => m[0] === MESSAGE.awareness).length;
			for (let at = 1; at <= 4; at++) {
				await new Promise((r) => setTimeout(r, (3 * PING_MS) / 10)); // three ticks of silence
				const before = echoes();
				alone.send(cursor(at));
				await until(() => echoes() > before, `the echo of cursor ${at}`, 2000);
			}
			expect(echoes()).toBeGreaterThanOrEqual(4);
			awareness.destroy();
			alone.ws.close();
		} finally {
			await checking.stop();
		}
	});
});
