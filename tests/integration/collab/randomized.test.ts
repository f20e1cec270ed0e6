import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Database } from '$lib/server/db/database';
import { driverName } from '../helpers/test-db';
import type { World } from '../helpers/world';
import { client, cookieFor, makeNote, makePerson, useCollabWorld, type CollabTestServer, storedDoc, synced, until, type Client } from './harness';

let db: Database;
let world: World;
let server: CollabTestServer;
const clients = useCollabWorld((ctx) => ({ db, world, server } = ctx));

/** mulberry32: a tiny seeded PRNG, so a failing run can be replayed with COLLAB_SEED. */
function mulberry32(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const SEED = Number(process.env.COLLAB_SEED ?? Math.floor(Math.random() * 2 ** 32));
const random = mulberry32(SEED);
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CLIENTS = 4;
const ROUNDS = 30;
const MARKER = /<\d+\.\d+>/g;
const markers = (text: string) => [...text.matchAll(MARKER)];
const sorted = (values: Iterable<string>) => [...values].sort();

/**
 * One editor's random work. Text markers go only between whole markers, so concurrent
 * inserts can never split one; each editor deletes only its own markers, so the survivors
 * are exactly what was inserted minus what was deleted.
 */
function editor(index: number, c: Client, expected: { text: Set<string>; array: Set<string> }) {
	let count = 0;
	const fresh = () => `<${index}.${count++}>`;
	const text = c.doc.getText('t');
	const array = c.doc.getArray<string>('a');
	const mine = (m: string) => m.startsWith(`<${index}.`);
	return () => {
		const roll = random();
		if (roll < 0.45) {
			const at = pick([0, ...markers(text.toString()).map((m) => m.index + m[0].length)]);
			const marker = fresh();
			text.insert(at, marker);
			expected.text.add(marker);
		} else if (roll < 0.65) {
			const own = markers(text.toString()).filter((m) => mine(m[0]));
			if (own.length === 0) return;
			const victim = pick(own);
			text.delete(victim.index, victim[0].length);
			expected.text.delete(victim[0]);
		} else if (roll < 0.9) {
			const marker = fresh();
			array.insert(Math.floor(random() * (array.length + 1)), [marker]);
			expected.array.add(marker);
		} else {
			const own = array.toArray().filter(mine);
			if (own.length === 0) return;
			const victim = pick(own);
			array.delete(array.toArray().indexOf(victim), 1);
			expected.array.delete(victim);
		}
	};
}

const contents = (doc: Y.Doc) => ({ text: doc.getText('t').toString(), array: doc.getArray<string>('a').toArray() });

describe(`randomized editing on ${driverName()}`, () => {
	it(`converges with every surviving edit, through disconnects and reconnects (seed ${SEED})`, async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id);
		const people = [
			world.kumanovo.users.coordinator,
			world.kumanovo.users.member,
			(await makePerson(db, world.kumanovo.municipality.id, 'coordinator')).id,
			world.kumanovo.users.coordinator // a second tab of the same person
		];
		for (const person of people.slice(0, CLIENTS)) {
			const c = client(server.url, noteId, await cookieFor(db, person));
			clients.push(c);
			await synced(c);
		}
		const expected = { text: new Set<string>(), array: new Set<string>() };
		const edits = clients.map((c, i) => editor(i, c, expected));

		for (let round = 0; round < ROUNDS; round++) {
			for (const [i, c] of clients.entries()) {
				if (c.provider.shouldConnect && random() < 0.15) c.provider.disconnect();
				else if (!c.provider.shouldConnect && random() < 0.35) c.provider.connect();
				const ops = 1 + Math.floor(random() * 3);
				for (let op = 0; op < ops; op++) edits[i]();
			}
			await sleep(Math.floor(random() * 40));
		}
		for (const c of clients) c.provider.connect();

		const same = () => clients.every((c) => JSON.stringify(contents(c.doc)) === JSON.stringify(contents(clients[0].doc)));
		await until(() => clients.every((c) => c.provider.synced) && same(), `convergence (seed ${SEED})`, 20_000);
		const final = contents(clients[0].doc);
		for (const c of clients) expect(Y.decodeStateVector(Y.encodeStateVector(c.doc)), `seed ${SEED}`).toEqual(Y.decodeStateVector(Y.encodeStateVector(clients[0].doc)));
		expect(final.text.replaceAll(MARKER, ''), `nothing but whole markers, seed ${SEED}`).toBe('');
		expect(sorted(markers(final.text).map((m) => m[0])), `text markers, seed ${SEED}`).toEqual(sorted(expected.text));
		expect(sorted(final.array), `array markers, seed ${SEED}`).toEqual(sorted(expected.array));
		expect(expected.text.size + expected.array.size, `seed ${SEED}`).toBeGreaterThan(CLIENTS * ROUNDS * 0.5);

		await until(async () => JSON.stringify(contents(await storedDoc(db, noteId))) === JSON.stringify(final), `storage (seed ${SEED})`);
		expect(contents(await storedDoc(db, noteId))).toEqual(final);
	});
});
