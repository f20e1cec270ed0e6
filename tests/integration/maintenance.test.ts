import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { CHURNING_TABLES } from '$lib/server/db/maintenance';
import { makeNote } from './collab/harness';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeWorld, type World } from './helpers/world';

let db: Database;
let world: World;
useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
});

/** What the collaboration server does to a note's log: append batches, then fold them away. */
async function churn(noteId: string) {
	await db.system(async (sql) => {
		await sql.query(`insert into note_updates (note_id, update) select $1, decode(repeat('ab', 200), 'hex') from generate_series(1, 2000)`, [noteId]);
		await sql.query('delete from note_updates where note_id = $1', [noteId]);
	});
}
const logSize = async () =>
	Number((await db.system((sql) => sql.query<{ bytes: string }>(`select pg_relation_size('note_updates')::text as bytes`)))[0].bytes);

describe(`database maintenance on ${driverName()}`, () => {
	it('vacuums the churning tables, so an update log that is appended and folded stops growing', async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id);
		await churn(noteId);
		await db.vacuum(CHURNING_TABLES);
		const settled = await logSize();
		for (let i = 0; i < 4; i++) {
			await churn(noteId);
			await db.vacuum(CHURNING_TABLES);
		}
		// Without VACUUM each round's 2,000 dead rows stay and the next round's go to new pages.
		expect(await logSize()).toBeLessThanOrEqual(settled * 1.25);
	});

	it('grows without it (the control for the test above)', async () => {
		const noteId = await makeNote(db, world.kumanovo.municipality.id);
		await churn(noteId);
		await db.vacuum(CHURNING_TABLES);
		const settled = await logSize();
		for (let i = 0; i < 4; i++) await churn(noteId);
		expect(await logSize()).toBeGreaterThan(settled * 2);
	});
});
