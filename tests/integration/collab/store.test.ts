import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NoteStore } from '$lib/server/collab/store';
import type { Database } from '$lib/server/db/database';
import { driverName } from '../helpers/test-db';
import { useTestDatabase } from '../helpers/use-test-database';
import { makeWorld, type World } from '../helpers/world';
import { makeNote, searchableText, storedText } from './harness';

let db: Database;
let world: World;
useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
});

const typed = (text: string) => {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
};
const logLength = async (noteId: string) =>
	(await db.system((sql) => sql.query<{ n: number }>('select count(*)::int as n from note_updates where note_id = $1', [noteId])))[0].n;

/** `db`, counting the statements and transactions the store runs. */
function counted() {
	const calls = { statements: 0, transactions: 0 };
	const wrapped = Object.create(db) as Database;
	wrapped.systemStatement = (text, params) => {
		calls.statements++;
		return db.systemStatement(text, params);
	};
	wrapped.system = (fn) => {
		calls.transactions++;
		return db.system(fn);
	};
	return { calls, store: new NoteStore(async () => wrapped) };
}

describe(`the note store's appends on ${driverName()}`, () => {
	it('writes appends asked for together in one statement: an update to one note, the text of another', async () => {
		const [a, b] = [await makeNote(db, world.kumanovo.municipality.id), await makeNote(db, world.kumanovo.municipality.id)];
		const { calls, store } = counted();
		await Promise.all([store.append(a, typed('Only an update.'), null), store.append(b, null, 'Only the text.')]);
		expect(calls).toEqual({ statements: 1, transactions: 0 });
		expect(await storedText(db, a)).toBe('Only an update.');
		expect(await searchableText(db, a)).toBe(''); // its text was not part of the append
		expect(await logLength(b)).toBe(0);
		expect(await searchableText(db, b)).toBe('Only the text.');
	});

	it('writes a batch of updates alone, and a batch of texts alone, each in one statement that touches nothing else', async () => {
		const [a, b] = [await makeNote(db, world.kumanovo.municipality.id), await makeNote(db, world.kumanovo.municipality.id)];
		const { calls, store } = counted();
		await Promise.all([store.append(a, typed('First.'), null), store.append(b, typed('Second.'), null)]);
		expect(calls.statements).toBe(1);
		expect([await storedText(db, a), await storedText(db, b)]).toEqual(['First.', 'Second.']);
		expect([await searchableText(db, a), await searchableText(db, b)]).toEqual(['', '']);
		await Promise.all([store.append(a, null, 'Text of a.'), store.append(b, null, 'Text of b.')]);
		expect(calls.statements).toBe(2);
		expect([await searchableText(db, a), await searchableText(db, b)]).toEqual(['Text of a.', 'Text of b.']);
		expect([await logLength(a), await logLength(b)]).toEqual([1, 1]);
	});

	it('hands the appends of one statement their results a turn of the event loop apart, so their rooms do not all acknowledge at once', async () => {
		const notes = [await makeNote(db, world.kumanovo.municipality.id), await makeNote(db, world.kumanovo.municipality.id), await makeNote(db, world.kumanovo.municipality.id)];
		const { calls, store } = counted();
		const settled: number[] = [];
		let settledWithTheFirst = 0;
		const afterMicrotasks = async () => {
			for (let i = 0; i < 10; i++) await null;
			settledWithTheFirst = settled.length;
		};
		await Promise.all(
			notes.map((id, i) =>
				store.append(id, typed(`Update ${i}.`), null).then(() => {
					settled.push(i);
					if (i === 0) return afterMicrotasks();
				})
			)
		);
		expect(calls.statements).toBe(1);
		expect(settled).toEqual([0, 1, 2]);
		for (const id of notes) expect(await logLength(id)).toBe(1);
		// Resolved in one turn, all three would have run before the first's microtasks ended.
		expect(settledWithTheFirst).toBe(1);
	});

	it('writes all of a failing statement or none of it, and fails every append in it', async () => {
		const a = await makeNote(db, world.kumanovo.municipality.id);
		const { store } = counted();
		const noSuchNote = crypto.randomUUID(); // its update breaks the foreign key
		const results = await Promise.allSettled([
			store.append(a, typed('Stored with the rest or not at all.'), 'Its text.'),
			store.append(noSuchNote, typed('Nowhere to go.'), null)
		]);
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect(await logLength(a)).toBe(0);
		expect(await searchableText(db, a)).toBe('');
		await store.append(a, typed('Stored once alone.'), 'Its text.');
		expect(await storedText(db, a)).toBe('Stored once alone.');
		expect(await searchableText(db, a)).toBe('Its text.');
	});
});
