import pg from 'pg';
import type { Driver, Sql } from './types';
import { DATE_OID, INT8_OID, parseDate, parseInt8 } from './parsers';

const types = {
	getTypeParser: ((oid: number, format?: string) => {
		if (oid === DATE_OID) return parseDate;
		if (oid === INT8_OID) return parseInt8;
		return pg.types.getTypeParser(oid, format as 'text');
	}) as typeof pg.types.getTypeParser
};

export async function openPostgres(connectionString: string, max = 10): Promise<Driver> {
	const pool = new pg.Pool({ connectionString, max, types });
	// An idle client that loses its connection must not crash the process.
	pool.on('error', (err) => console.error('postgres pool error:', err.message));
	await pool.query('select 1');
	return {
		kind: 'postgres',
		async transaction(fn) {
			const client = await pool.connect();
			try {
				await client.query('begin');
				const sql: Sql = {
					query: async <T>(text: string, params?: unknown[]) =>
						(await client.query(text, params)).rows as T[]
				};
				const result = await fn(sql);
				await client.query('commit');
				return result;
			} catch (err) {
				await client.query('rollback').catch(() => {});
				throw err;
			} finally {
				client.release();
			}
		},
		// The pool checks a client out and back in around it; a failed statement rolls itself back.
		statement: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
		async script(text) {
			// One client, so that a failed script's transaction is rolled back on the same
			// connection instead of going back to the pool aborted.
			const client = await pool.connect();
			try {
				await client.query(text);
			} catch (err) {
				await client.query('rollback').catch(() => {});
				throw err;
			} finally {
				client.release();
			}
		},
		close: () => pool.end()
	};
}
