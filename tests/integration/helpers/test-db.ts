import pg from 'pg';
import { openDatabase, type Database } from '$lib/server/db/database';

/**
 * A fresh database for one test file: in-memory PGlite by default, or a new database in the
 * Postgres cluster at TEST_DATABASE_URL (scripts/test.js starts a private one), dropped after.
 */
export async function openTestDatabase(): Promise<{ db: Database; close: () => Promise<void> }> {
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (!adminUrl) {
		const db = await openDatabase({});
		return { db, close: () => db.close() };
	}
	const name = `rt_test_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const db = await openDatabase({ databaseUrl: url.toString() });
	return {
		db,
		close: async () => {
			await db.close();
			const cleanup = new pg.Client({ connectionString: adminUrl });
			await cleanup.connect();
			await cleanup.query(`drop database if exists ${name} with (force)`);
			await cleanup.end();
		}
	};
}

export const driverName = () => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
