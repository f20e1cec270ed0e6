import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

// Sign-in, form actions and compactions run in db.system() or db.asUser(): a transaction that
// fails half-way must leave nothing of itself behind, and the next one must run normally. The
// collaboration server's stores and access checks are single statements (db.systemStatement()).
let db: Database;
useTestDatabase(async (opened) => {
	db = opened;
	await db.system((sql) => sql.query('create table probe (id int primary key)'));
});

const ids = async () => (await db.system((sql) => sql.query<{ id: number }>('select id from probe order by id'))).map((r) => r.id);

describe(`transactions on ${driverName()}`, () => {
	it('commit what they did', async () => {
		await db.system(async (sql) => {
			await sql.query('insert into probe values (1)');
			await sql.query('insert into probe values (2)');
		});
		expect(await ids()).toEqual([1, 2]);
	});

	it('roll back every statement when one fails, and the next transaction runs', async () => {
		const failing = db.system(async (sql) => {
			await sql.query('insert into probe values (3)');
			await sql.query('insert into probe values (1)'); // a duplicate key
		});
		await expect(failing).rejects.toMatchObject({ code: '23505' });
		await db.system((sql) => sql.query('insert into probe values (4)'));
		expect(await ids()).toEqual([1, 2, 4]);
	});

	it('roll back when the callback throws after its statements succeeded', async () => {
		const failing = db.system(async (sql) => {
			await sql.query('insert into probe values (5)');
			throw new Error('changed my mind');
		});
		await expect(failing).rejects.toThrow('changed my mind');
		expect(await ids()).toEqual([1, 2, 4]);
	});

	it('fail when the callback caught a failed statement and went on: Postgres rolled them back', async () => {
		const swallowed = db.system(async (sql) => {
			await sql.query('insert into probe values (13)');
			await sql.query('insert into probe values (1)').catch(() => {}); // a duplicate key, caught
			return 'done';
		});
		await expect(swallowed).rejects.toMatchObject({ code: '23505' }); // the caught failure's own error
		expect(await ids()).toEqual([1, 2, 4]);
	});

	it('fail at commit when a deferred constraint is broken, keeping nothing', async () => {
		await db.system((sql) =>
			sql.query('create table probe_ref (id int references probe (id) deferrable initially deferred)')
		);
		const failing = db.system(async (sql) => {
			await sql.query('insert into probe values (6)');
			await sql.query('insert into probe_ref values (99)'); // checked only at commit
		});
		await expect(failing).rejects.toMatchObject({ code: '23503' });
		expect(await ids()).toEqual([1, 2, 4]);
	});
});

describe(`single statements on ${driverName()}`, () => {
	it('commit on their own and return their rows', async () => {
		const rows = await db.systemStatement<{ id: number }>('insert into probe values (7), (8) returning id');
		expect(rows.map((r) => r.id)).toEqual([7, 8]);
		expect(await ids()).toEqual([1, 2, 4, 7, 8]);
	});

	it('are atomic: a failing part undoes the data-modifying CTE before it, and the next one runs', async () => {
		const failing = db.systemStatement('with added as (insert into probe values (9)) insert into probe values (1)');
		await expect(failing).rejects.toMatchObject({ code: '23505' });
		await db.systemStatement('insert into probe values (10)');
		expect(await ids()).toEqual([1, 2, 4, 7, 8, 10]);
	});

	it('take turns with transactions on the one connection (PGlite) without mixing into them', async () => {
		let begun!: () => void;
		const inTransaction = new Promise<void>((resolve) => (begun = resolve));
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const transaction = db.system(async (sql) => {
			await sql.query('insert into probe values (11)');
			begun();
			await held;
			throw new Error('rolled back');
		});
		await inTransaction;
		// Sent while the transaction is open: on PGlite's one connection it must wait its turn.
		const statement = db.systemStatement('insert into probe values (12)');
		release();
		await expect(transaction).rejects.toThrow('rolled back');
		await statement;
		expect(await ids()).toEqual([1, 2, 4, 7, 8, 10, 12]);
	});
});
