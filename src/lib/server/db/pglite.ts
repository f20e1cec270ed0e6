import { PGlite } from '@electric-sql/pglite';
import type { Driver, Sql } from './types';
import { DATE_OID, INT8_OID, parseDate, parseInt8 } from './parsers';

/**
 * PGlite is one connection in this process. Its own mutex already runs one query or
 * transaction at a time, which is the queue every caller waits in.
 * `dataDir` undefined means in memory (tests).
 */
export async function openPglite(dataDir?: string): Promise<Driver> {
	const pg = await PGlite.create({
		dataDir,
		parsers: { [DATE_OID]: parseDate, [INT8_OID]: parseInt8 }
	});
	return {
		kind: 'pglite',
		transaction: (fn) =>
			pg.transaction((tx) => {
				const sql: Sql = {
					query: async <T>(text: string, params?: unknown[]) =>
						(await tx.query<T>(text, params)).rows
				};
				return fn(sql);
			}),
		script: async (text) => {
			try {
				await pg.exec(text);
			} catch (err) {
				await pg.exec('rollback').catch(() => {});
				throw err;
			}
		},
		close: () => pg.close()
	};
}
