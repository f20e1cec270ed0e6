import { createRequire } from 'node:module';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate } from './update-check';

type Verdict = 'accepts' | 'rejects';

const throws = (fn: () => unknown) => {
	try {
		fn();
		return false;
	} catch {
		return true;
	}
};

/**
 * Whether an item of the update, as Y.decodeUpdate reads it, refers to an id of its own client
 * that is not before its own (what checkUpdate refuses beyond Y.decodeUpdate).
 */
const refersForward = (update: Uint8Array): boolean =>
	Y.decodeUpdate(update).structs.some(
		(s) =>
			s instanceof Y.Item &&
			[s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null].some((id) => id !== null && id.client === s.id.client && id.clock >= s.id.clock)
	);

/**
 * What checkUpdate should say of an update, from Yjs's own decoder: it refuses what
 * Y.decodeUpdate cannot read, and an item that refers forward within its own client.
 */
const verdicts = (update: Uint8Array): { yjs: Verdict; ours: Verdict } => {
	const yjs = throws(() => Y.decodeUpdate(update)) || refersForward(update) ? 'rejects' : 'accepts';
	return { yjs, ours: throws(() => checkUpdate(update)) ? 'rejects' : 'accepts' };
};

/** Updates that between them hold every kind of struct and content a v1 update can carry. */
function corpus(): Uint8Array[] {
	const updates: Uint8Array[] = [];

	// A note the way the editor writes it: elements with attributes, formatted text.
	const note = new Y.Doc();
	const heading = new Y.XmlElement('heading');
	heading.setAttribute('level', 2 as unknown as string);
	const text = new Y.XmlText();
	heading.insert(0, [text]);
	note.getXmlFragment('default').insert(0, [heading, new Y.XmlHook('mention') as unknown as Y.XmlElement]);
	text.insert(0, 'Agenda for the council ', { bold: true });
	text.insertEmbed(5, { image: 'map.png' });
	updates.push(Y.encodeStateAsUpdate(note));

	// Every shared type nested in a map, binary and JSON-like values, and a subdocument.
	const kinds = new Y.Doc();
	const map = kinds.getMap('m');
	const values: unknown[] = [1, 'two', { three: [3] }, null, true];
	map.set('array', Y.Array.from(values as never[]));
	map.set('map', new Y.Map());
	map.set('text', new Y.Text('plain'));
	map.set('fragment', new Y.XmlFragment());
	map.set('bytes', new Uint8Array([1, 2, 3]));
	map.set('sub', new Y.Doc({ guid: 'sub-document' }));
	updates.push(Y.encodeStateAsUpdate(kinds));

	// Deleted text (ContentDeleted), a deleted type whose items were collected (GC), and the
	// delete set that records both.
	const edited = new Y.Doc();
	const body = edited.getText('body');
	body.insert(0, 'a sentence that loses its middle');
	body.delete(2, 9);
	const list = edited.getArray<Y.Map<number>>('list');
	const doomed = new Y.Map<number>();
	list.insert(0, [doomed]);
	doomed.set('x', 1);
	list.delete(0, 1);
	updates.push(Y.encodeStateAsUpdate(edited));

	// Deletions by many clients: a delete set with more than one entry.
	const shared = new Y.Doc();
	for (let client = 1; client <= 8; client++) {
		const writer = new Y.Doc();
		writer.clientID = client;
		Y.applyUpdate(writer, Y.encodeStateAsUpdate(shared));
		writer.getText('t').insert(0, `client ${client} wrote this. `);
		Y.applyUpdate(shared, Y.encodeStateAsUpdate(writer));
	}
	for (let client = 1; client <= 8; client++) shared.getText('t').delete((client - 1) * 10, 3);
	updates.push(Y.encodeStateAsUpdate(shared));

	// Two updates of one client with a gap between them merge with a Skip.
	const gappy = new Y.Doc();
	const parts: Uint8Array[] = [];
	gappy.on('update', (u: Uint8Array) => parts.push(u));
	for (const word of ['one ', 'two ', 'three ']) gappy.getText('t').insert(0, word);
	updates.push(Y.mergeUpdates([parts[0], parts[2]]));

	// ContentJSON, which only old clients write: one item under the top-level type 'legacy'.
	const legacy = encoding.createEncoder();
	for (const n of [1, 1, 7, 0]) encoding.writeVarUint(legacy, n); // 1 client, 1 struct, client 7, clock 0
	encoding.writeUint8(legacy, 2); // info: content JSON, no origins, no parent sub
	encoding.writeVarUint(legacy, 1); // the parent is a top-level type, by name
	encoding.writeVarString(legacy, 'legacy');
	encoding.writeVarUint(legacy, 2);
	encoding.writeVarString(legacy, '{"kept":[1,2]}');
	encoding.writeVarString(legacy, 'undefined');
	encoding.writeVarUint(legacy, 0); // empty delete set
	updates.push(encoding.toUint8Array(legacy));

	// An empty update, and a relayed edit as clients send them.
	updates.push(Y.encodeStateAsUpdate(new Y.Doc()));
	updates.push(parts[1]);
	return updates;
}

describe('checkUpdate', () => {
	const updates = corpus();

	it('is written against the Yjs it is tested with (a new Yjs may bring content kinds it would refuse)', () => {
		// checkUpdate knows content refs 1–9 and type refs 0–6 of Yjs 13.6; on an upgrade, compare
		// them with the new contentRefs and typeRefs and then move this pin.
		expect(createRequire(import.meta.url)('yjs/package.json').version).toMatch(/^13\.6\./);
	});

	it('is given a corpus with every struct and content kind', () => {
		const seen = new Set<string>();
		for (const update of updates) {
			for (const struct of Y.decodeUpdate(update).structs) {
				seen.add(struct instanceof Y.Item ? struct.content.constructor.name : struct.constructor.name);
			}
		}
		const kinds = [Y.GC, Y.Skip, Y.ContentDeleted, Y.ContentJSON, Y.ContentBinary, Y.ContentString, Y.ContentEmbed, Y.ContentFormat, Y.ContentType, Y.ContentAny, Y.ContentDoc];
		expect([...seen].sort()).toEqual(kinds.map((k) => k.name).sort());
	});

	it('accepts every valid update, which applies', () => {
		for (const update of updates) {
			expect(() => checkUpdate(update)).not.toThrow();
			expect(() => Y.applyUpdate(new Y.Doc(), update)).not.toThrow();
		}
	});

	it('rejects what Y.decodeUpdate rejects, and forward references, and nothing else: every truncation', () => {
		let rejected = 0;
		for (const update of updates) {
			for (let length = 0; length < update.length; length++) {
				const cut = update.slice(0, length);
				const v = verdicts(cut);
				expect(v.ours, `truncated to ${length} of ${update.length} bytes`).toBe(v.yjs);
				if (v.ours === 'rejects') rejected++;
			}
		}
		expect(rejected).toBeGreaterThan(100);
	});

	it('rejects what Y.decodeUpdate rejects, and forward references, and nothing else: every info byte, type ref and subdocument option', () => {
		/** One struct under the top-level type 'x' with `info`, then `tail` (then an empty delete set). */
		const single = (info: number, tail: (e: encoding.Encoder) => void) => {
			const e = encoding.createEncoder();
			for (const n of [1, 1, 7, 0]) encoding.writeVarUint(e, n);
			encoding.writeUint8(e, info);
			tail(e);
			encoding.writeVarUint(e, 0);
			return encoding.toUint8Array(e);
		};
		const tails: ((e: encoding.Encoder) => void)[] = [
			(e) => (encoding.writeVarUint(e, 1), encoding.writeVarString(e, 'x'), encoding.writeVarUint(e, 1), encoding.writeVarString(e, '"v"')),
			(e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 3), encoding.writeVarUint(e, 4), encoding.writeVarString(e, 'key'), encoding.writeVarString(e, '1')),
			(e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 5), encoding.writeVarUint(e, 6), encoding.writeVarUint(e, 7), encoding.writeVarUint(e, 8))
		];
		const cases: Uint8Array[] = [];
		for (let info = 0; info < 256; info++) for (const tail of tails) cases.push(single(info, tail));
		const parent = (e: encoding.Encoder) => (encoding.writeVarUint(e, 1), encoding.writeVarString(e, 'x'));
		for (let ref = 0; ref < 10; ref++) {
			cases.push(single(7, (e) => (parent(e), encoding.writeVarUint(e, ref), encoding.writeVarString(e, 'paragraph'))));
		}
		for (const options of [undefined, null, 0, 'text', [], { shouldLoad: true }]) {
			cases.push(single(9, (e) => (parent(e), encoding.writeVarString(e, 'guid'), encoding.writeAny(e, options as encoding.AnyEncodable))));
		}
		for (const json of ['undefined', '{"a":', '[1]', 'null']) {
			cases.push(single(2, (e) => (parent(e), encoding.writeVarUint(e, 1), encoding.writeVarString(e, json))));
			cases.push(single(5, (e) => (parent(e), encoding.writeVarString(e, json))));
			cases.push(single(6, (e) => (parent(e), encoding.writeVarString(e, 'bold'), encoding.writeVarString(e, json))));
		}
		const tally = { accepts: 0, rejects: 0 };
		for (const update of cases) {
			const v = verdicts(update);
			expect(v.ours, `[${Array.from(update).join(',')}]`).toBe(v.yjs);
			tally[v.ours]++;
		}
		expect(tally.accepts).toBeGreaterThan(20);
		expect(tally.rejects).toBeGreaterThan(20);
	});

	it('rejects what Y.decodeUpdate rejects, and forward references, and nothing else: corrupted bytes, inserted and removed bytes, noise', () => {
		const gen = prng.create(20261129);
		const tally = { accepts: 0, rejects: 0 };
		for (let round = 0; round < 4000; round++) {
			const base = updates[round % updates.length];
			const bytes = Array.from(base);
			const changes = prng.int32(gen, 1, 3);
			for (let c = 0; c < changes; c++) {
				const at = prng.int32(gen, 0, bytes.length - 1);
				const how = prng.int32(gen, 0, 2);
				if (how === 0) bytes[at] = prng.int32(gen, 0, 255);
				else if (how === 1) bytes.splice(at, 0, prng.int32(gen, 0, 255));
				else if (bytes.length > 1) bytes.splice(at, 1);
			}
			const mutated = new Uint8Array(bytes);
			const v = verdicts(mutated);
			expect(v.ours, `round ${round}: [${bytes.join(',')}]`).toBe(v.yjs);
			tally[v.ours]++;
		}
		for (let round = 0; round < 1000; round++) {
			const noise = prng.uint8Array(gen, prng.int32(gen, 1, 40));
			const v = verdicts(noise);
			expect(v.ours, `noise [${Array.from(noise).join(',')}]`).toBe(v.yjs);
			tally[v.ours]++;
		}
		// Both verdicts occur, so the agreement is not one side always saying the same.
		expect(tally.accepts).toBeGreaterThan(200);
		expect(tally.rejects).toBeGreaterThan(200);
	});

	it('accepts only updates that Y.applyUpdate applies whole: corrupted edits', () => {
		// Y.applyUpdate integrates an update's structs one by one; one that throws midway leaves
		// the document with part of the update, which the room would relay and store. One or two
		// random bytes in these updates make such ones that Y.decodeUpdate reads: an item that
		// refers forward within its own client (34 of these 4,000 rounds).
		const gen = prng.create(20261207);
		let accepted = 0;
		let forward = 0;
		for (let round = 0; round < 4000; round++) {
			const bytes = Uint8Array.from(updates[round % updates.length]);
			for (let c = prng.int32(gen, 1, 2); c > 0; c--) bytes[prng.int32(gen, 0, bytes.length - 1)] = prng.int32(gen, 0, 255);
			if (!throws(() => Y.decodeUpdate(bytes)) && refersForward(bytes)) forward++;
			if (throws(() => checkUpdate(bytes))) continue;
			accepted++;
			expect(() => Y.applyUpdate(new Y.Doc(), bytes), `round ${round}: [${bytes.join(',')}]`).not.toThrow();
		}
		expect(accepted).toBeGreaterThan(200);
		expect(forward).toBeGreaterThan(0); // the case this guards against did occur
	});
});
