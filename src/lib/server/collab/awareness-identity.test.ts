import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { stampAwarenessUpdate } from './awareness-identity';

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
	const anyone = () => true;

	it('names the connection’s real user in every state, whatever the client claimed', () => {
		const stamped = stampAwarenessUpdate(update([[7, 1, { cursor: 3, user: { name: 'Mayor' } }], [8, 2, null]]), ana.user, anyone);
		expect(read(stamped.update)).toEqual([
			[7, 1, { cursor: 3, user: ana.user }],
			[8, 2, null]
		]);
		expect(stamped.entries.map((e) => [e.clientId, e.clock])).toEqual([
			[7, 1],
			[8, 2]
		]);
		// The parsed states come back too, naming the very user object given: an open note keeps
		// no copy of a name per state.
		expect(stamped.entries[0].state).toEqual({ cursor: 3, user: ana.user });
		expect(stamped.entries[0].state?.user).toBe(ana.user);
		expect(stamped.entries[1].state).toBeNull();
	});

	it('drops entries for client ids the connection may not use, so nobody moves or removes another’s cursor', () => {
		const owners = new Map<number, Peer>([[7, ana]]);
		const stamped = stampAwarenessUpdate(update([[7, 2, null], [9, 1, { cursor: 9 }]]), besa.user, (id) => (owners.get(id) ?? besa) === besa);
		expect(read(stamped.update)).toEqual([[9, 1, { cursor: 9, user: besa.user }]]);
		expect(stamped.entries.map((e) => e.clientId)).toEqual([9]);
	});

	it('spreads a state that is not an object into one, and stamps that', () => {
		const stamped = stampAwarenessUpdate(update([[7, 1, 'ab'], [8, 1, [5]], [9, 1, 4]]), ana.user, anyone);
		expect(read(stamped.update)).toEqual([
			[7, 1, { 0: 'a', 1: 'b', user: ana.user }],
			[8, 1, { 0: 5, user: ana.user }],
			[9, 1, { user: ana.user }]
		]);
	});

	it('refuses a state that is not JSON', () => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 7);
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, '{not json');
		expect(() => stampAwarenessUpdate(encoding.toUint8Array(e), ana.user, anyone)).toThrow();
	});
});
