import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { stampAwarenessUpdate, type AwarenessClient } from './awareness-identity';

type Peer = { user: { name: string; organization: string | null; color: string } };
const ana: Peer = { user: { name: 'Ana', organization: 'Police', color: '#1f77b4' } };
const besa: Peer = { user: { name: 'Besa', organization: 'School', color: '#d62728' } };

const update = (entries: [clientId: number, clock: number, state: unknown][]) => {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, entries.length);
	for (const [id, clock, state] of entries) {
		encoding.writeVarUint(e, id);
		encoding.writeVarUint(e, clock);
		encoding.writeVarString(e, JSON.stringify(state));
	}
	return encoding.toUint8Array(e);
};
const read = (bytes: Uint8Array) => {
	const d = decoding.createDecoder(bytes);
	return Array.from({ length: decoding.readVarUint(d) }, () => [decoding.readVarUint(d), decoding.readVarUint(d), JSON.parse(decoding.readVarString(d))]);
};

describe('awareness stamping', () => {
	it('names the connection’s real user in every state, whatever the client claimed', () => {
		const clients = new Map<number, AwarenessClient<Peer>>();
		const out = read(stampAwarenessUpdate(update([[7, 1, { cursor: 3, user: { name: 'Mayor' } }]]), ana, clients));
		expect(out).toEqual([[7, 1, { cursor: 3, user: ana.user }]]);
		expect(clients.get(7)?.owner).toBe(ana);
	});

	it('drops entries for client ids another connection owns, so nobody moves or removes another’s cursor', () => {
		const clients = new Map<number, AwarenessClient<Peer>>();
		stampAwarenessUpdate(update([[7, 1, { cursor: 3 }]]), ana, clients);
		const out = read(stampAwarenessUpdate(update([[7, 2, null], [8, 1, { cursor: 9 }]]), besa, clients));
		expect(out).toEqual([[8, 1, { cursor: 9, user: besa.user }]]);
		expect(clients.get(7)?.owner).toBe(ana);
	});

	it('stamps a resent state the same as the first time, and a changed one anew', () => {
		const clients = new Map<number, AwarenessClient<Peer>>();
		const first = read(stampAwarenessUpdate(update([[7, 1, { cursor: 3 }]]), ana, clients));
		const again = read(stampAwarenessUpdate(update([[7, 2, { cursor: 3 }]]), ana, clients));
		expect(again).toEqual([[7, 2, first[0][2]]]);
		const moved = read(stampAwarenessUpdate(update([[7, 3, { cursor: 5 }]]), ana, clients));
		expect(moved).toEqual([[7, 3, { cursor: 5, user: ana.user }]]);
		const gone = read(stampAwarenessUpdate(update([[7, 4, null]]), ana, clients));
		expect(gone).toEqual([[7, 4, null]]);
	});

	it('refuses a state that is not JSON', () => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 7);
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, '{not json');
		expect(() => stampAwarenessUpdate(encoding.toUint8Array(e), ana, new Map())).toThrow();
	});
});
