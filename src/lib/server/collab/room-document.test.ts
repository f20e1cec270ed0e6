import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE } from '$lib/collab/protocol';
import { framed } from './frame';
import { Room, type Peer } from './room';
import { stampAwarenessUpdate, type AwarenessEntry } from './awareness-identity';
import { applyAwarenessEntries, expireStates, roomAwareness, roomDocument } from './room-document';
import type { NoteStore } from './store';

const NOTE = '7b0c8a8e-4a53-4c36-9d3e-2b1f6f0c9a11';
const USER = Object.freeze({ name: 'Ana', organization: 'Police', color: '#1f77b4' });
const { outdatedTimeout } = awarenessProtocol;

/** A client's awareness update with one state. */
function clientState(state: Record<string, unknown>) {
	const client = new awarenessProtocol.Awareness(new Y.Doc());
	client.setLocalState(state);
	const update = awarenessProtocol.encodeAwarenessUpdate(client, [client.clientID]);
	client.destroy();
	return { clientId: client.clientID, update };
}

describe("a room's document", () => {
	it('is named for its note and works as a document: updates reach listeners, text reads back', () => {
		const doc = roomDocument(NOTE);
		expect(doc.guid).toBe(NOTE);
		const seen: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => seen.push(update));
		const writer = new Y.Doc();
		writer.getText('t').insert(0, 'minutes');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer));
		expect(seen).toHaveLength(1);
		expect(doc.getText('t').toString()).toBe('minutes');
	});

	it('carries none of the load and sync machinery clients use', () => {
		const doc = roomDocument(NOTE);
		doc.emit('sync', [true, doc]);
		doc.emit('load', [doc]);
		// On a stock document these set isSynced and isLoaded; here nothing listens.
		expect(doc.isSynced).toBe(false);
		expect(doc.isLoaded).toBe(false);
		const stock = new Y.Doc();
		stock.emit('sync', [true, stock]);
		expect(stock.isSynced && stock.isLoaded).toBe(true);
	});

	it('takes its awareness with it when destroyed', () => {
		const doc = roomDocument(NOTE);
		const awareness = roomAwareness(doc);
		const { update } = clientState({ cursor: 1 });
		awarenessProtocol.applyAwarenessUpdate(awareness, update, null);
		let destroyed = false;
		awareness.on('destroy', () => (destroyed = true));
		doc.destroy();
		expect(destroyed).toBe(true);
	});
});

describe("a room's awareness", () => {
	it("keeps no timer of its own (the server expires every room's states on one)", () => {
		vi.useFakeTimers();
		try {
			const before = vi.getTimerCount();
			const stock = new awarenessProtocol.Awareness(new Y.Doc());
			expect(vi.getTimerCount()).toBe(before + 1);
			roomAwareness(roomDocument(NOTE));
			expect(vi.getTimerCount()).toBe(before + 1);
			stock.destroy();
		} finally {
			vi.useRealTimers();
		}
	});

	it('has no state of its own, and expires a client state only once it is outdated', () => {
		const awareness = roomAwareness(roomDocument(NOTE));
		expect(awareness.getLocalState()).toBeNull();
		const { clientId, update } = clientState({ cursor: 3 });
		awarenessProtocol.applyAwarenessUpdate(awareness, update, null);
		const removed: number[] = [];
		awareness.on('update', ({ removed: r }: { removed: number[] }, origin: unknown) => origin === 'timeout' && removed.push(...r));
		const renewedAt = awareness.meta.get(clientId)!.lastUpdated;

		expireStates(awareness, renewedAt + outdatedTimeout - 1);
		expect(awareness.getStates().has(clientId)).toBe(true);
		expireStates(awareness, renewedAt + outdatedTimeout);
		expect(awareness.getStates().has(clientId)).toBe(false);
		expect(removed).toEqual([clientId]);
	});
});

describe('a room expiring awareness', () => {
	it('tells its peers that a state their client stopped renewing is gone', async () => {
		const store = { load: async () => ({ update: null, logLength: 0 }) } as unknown as NoteStore;
		const room = new Room(NOTE, store, () => {});
		const received: Uint8Array[] = [];
		const peer: Peer = { user: { name: 'Ana', organization: 'Youth council', color: '#1f77b4' }, readOnly: false, send: (m) => received.push(m), quiet: () => false };
		await room.join(peer);
		const { clientId, update } = clientState({ cursor: 5 });
		room.receive(peer, framed(MESSAGE.awareness, update));
		expect(room.awareness.getStates().has(clientId)).toBe(true);

		received.length = 0;
		room.expireAwareness(Date.now() + outdatedTimeout + 1000);
		expect(room.awareness.getStates().has(clientId)).toBe(false);
		// The relayed update: type, then an awareness update saying the client's state is null.
		expect(received).toHaveLength(1);
		const d = decoding.createDecoder(received[0]);
		expect(decoding.readVarUint(d)).toBe(MESSAGE.awareness);
		const observer = new awarenessProtocol.Awareness(new Y.Doc());
		awarenessProtocol.applyAwarenessUpdate(observer, update, null);
		awarenessProtocol.applyAwarenessUpdate(observer, decoding.readVarUint8Array(d), null);
		expect(observer.getStates().has(clientId)).toBe(false);
		observer.destroy();
	});
});

describe('a room relaying cursors', () => {
	const store = { load: async () => ({ update: null, logLength: 0 }) } as unknown as NoteStore;
	/** A peer recording the awareness updates it is sent, as the states' client ids. */
	const peer = (name: string, quiet: () => boolean) => {
		const heard: number[][] = [];
		const p: Peer = {
			user: { name, organization: 'Police', color: '#1f77b4' },
			readOnly: false,
			quiet,
			send: (m) => {
				const d = decoding.createDecoder(m);
				if (decoding.readVarUint(d) !== MESSAGE.awareness) return;
				const u = decoding.createDecoder(decoding.readVarUint8Array(d));
				const ids: number[] = [];
				for (let n = decoding.readVarUint(u); n > 0; n--) {
					ids.push(decoding.readVarUint(u));
					decoding.readVarUint(u);
					decoding.readVarString(u);
				}
				heard.push(ids);
			}
		};
		return { p, heard };
	};
	const cursor = (state: Record<string, unknown>) => {
		const { clientId, update } = clientState(state);
		return { clientId, message: framed(MESSAGE.awareness, update) };
	};

	it("sends a cursor to everyone else, and back to its sender only when the sender has heard nothing lately", async () => {
		const room = new Room(NOTE, store, () => {});
		let senderQuiet = false;
		const sender = peer('Ana', () => senderQuiet);
		const other = peer('Besa', () => false);
		await room.join(sender.p);
		await room.join(other.p);
		sender.heard.length = 0;
		other.heard.length = 0;

		const first = cursor({ cursor: 1 });
		room.receive(sender.p, first.message);
		expect(other.heard).toEqual([[first.clientId]]);
		expect(sender.heard).toEqual([]);

		// Quiet (nothing sent to it this tick): it gets its own back, so a y-websocket client
		// alone in a note still hears from the server before its 30 s timeout.
		senderQuiet = true;
		const second = cursor({ cursor: 2 });
		room.receive(sender.p, second.message);
		expect(other.heard).toEqual([[first.clientId], [second.clientId]]);
		expect(sender.heard).toEqual([[second.clientId]]);
	});
});

describe('applying parsed awareness entries', () => {
	/** The same entries as an encoded awareness update, for y-protocols' applyAwarenessUpdate. */
	const encoded = (entries: AwarenessEntry[]) => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, entries.length);
		for (const { clientId, clock, state } of entries) {
			encoding.writeVarUint(e, clientId);
			encoding.writeVarUint(e, clock);
			encoding.writeVarString(e, JSON.stringify(state));
		}
		return encoding.toUint8Array(e);
	};
	const observed = (awareness: awarenessProtocol.Awareness) => {
		const events: unknown[] = [];
		awareness.on('change', (change: unknown, origin: unknown) => events.push(['change', change, origin]));
		awareness.on('update', (change: unknown, origin: unknown) => events.push(['update', change, origin]));
		return events;
	};
	const clocks = (awareness: awarenessProtocol.Awareness) => new Map([...awareness.meta].map(([id, meta]) => [id, meta.clock]));

	it("takes effect exactly as y-protocols' applyAwarenessUpdate: states, clocks and events", () => {
		const own = 4242; // the server's own client id, the same on both sides
		const make = () => {
			const doc = roomDocument(NOTE);
			doc.clientID = own;
			return roomAwareness(doc);
		};
		const ours = make();
		const stock = make();
		const ourEvents = observed(ours);
		const stockEvents = observed(stock);
		const steps: AwarenessEntry[][] = [
			[{ clientId: 1, clock: 1, state: { c: 1 } }, { clientId: 2, clock: 1, state: { c: 2 } }], // added
			[{ clientId: 1, clock: 1, state: { c: 9 } }], // same clock: ignored
			[{ clientId: 1, clock: 2, state: { c: 1 } }], // renewed, unchanged: 'update' only
			[{ clientId: 2, clock: 2, state: { c: 3, deep: { a: [1, 2] } } }], // changed
			[{ clientId: 2, clock: 2, state: null }], // removed at the same clock
			[{ clientId: 3, clock: 1, state: null }], // removal of a state never seen: clock only
			[{ clientId: 1, clock: 1, state: { c: 5 } }], // older clock: ignored
			[{ clientId: 2, clock: 3, state: { c: 4 } }, { clientId: 1, clock: 3, state: { c: 6 } }, { clientId: 4, clock: 7, state: { c: 7 } }], // back, changed, added
			[{ clientId: own, clock: 1, state: null }], // the server's own (empty) state
			[{ clientId: 4, clock: 8, state: null }, { clientId: 1, clock: 3, state: null }] // removals
		];
		for (const [i, entries] of steps.entries()) {
			// As the room does it: stamped, the bytes relayed (which stock awarenesses apply) and the
			// parsed entries applied here.
			const stamped = stampAwarenessUpdate(encoded(entries), USER, () => true);
			awarenessProtocol.applyAwarenessUpdate(stock, stamped.update, 'peer');
			applyAwarenessEntries(ours, stamped.entries, 'peer');
			expect(ours.getStates(), `states after step ${i}`).toEqual(stock.getStates());
			expect(clocks(ours), `clocks after step ${i}`).toEqual(clocks(stock));
			expect(ourEvents, `events after step ${i}`).toEqual(stockEvents);
		}
		// The sequence reached every kind of event.
		expect(stockEvents.map((e) => (e as unknown[])[0])).toEqual(expect.arrayContaining(['change', 'update']));
		expect(JSON.stringify(stockEvents)).toMatch(/"removed":\[2\]/);
		expect(ours.meta.get(1)?.lastUpdated).toBeGreaterThan(0);
	});

	it("never lets a remote client remove the awareness's own state, as y-protocols does", () => {
		const make = () => {
			const doc = roomDocument(NOTE);
			doc.clientID = 4242;
			const awareness = new awarenessProtocol.Awareness(doc);
			awareness.setLocalState({ server: true });
			return awareness;
		};
		const ours = make();
		const stock = make();
		const removal: AwarenessEntry[] = [{ clientId: 4242, clock: 5, state: null }];
		awarenessProtocol.applyAwarenessUpdate(stock, encoded(removal), 'peer');
		applyAwarenessEntries(ours, removal, 'peer');
		expect(ours.getLocalState()).toEqual({ server: true });
		expect(ours.meta.get(4242)?.clock).toBe(6);
		expect(clocks(ours)).toEqual(clocks(stock));
		expect(ours.getStates()).toEqual(stock.getStates());
		ours.destroy();
		stock.destroy();
	});
});
