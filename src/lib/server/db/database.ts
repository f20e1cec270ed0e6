import path from 'node:path';
import { lockDataDir } from './data-dir-lock';
import { bundledMigrations, migrate, type Migration } from './migrations';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Driver, DriverKind, Sql } from './types';

/** The role user-facing queries run as: no superuser, no owner, so RLS applies. */
const APP_ROLE = 'roundtable_app';

/**
 * `fn`, given an Sql that remembers a failed statement, and failing with that statement's error
 * if one failed. After a failure Postgres has aborted the transaction, and its commit then rolls
 * back without an error (the tag is ROLLBACK): a callback that caught the failure and went on
 * would be told it committed. (Callers test the error's code, so it is the statement's own.)
 */
function failOnAnyFailure<T>(fn: (sql: Sql) => Promise<T>): (sql: Sql) => Promise<T> {
	return async (sql) => {
		let failed: unknown;
		const result = await fn({
			query: <R>(text: string, params?: unknown[]) =>
				sql.query<R>(text, params).catch((err: unknown) => {
					failed ??= err;
					throw err;
				})
		});
		if (failed !== undefined) throw failed;
		return result;
	};
}

export class Database {
	constructor(
		private readonly driver: Driver,
		private readonly release: () => void = () => {}
	) {}

	get kind(): DriverKind {
		return this.driver.kind;
	}

	/**
	 * A transaction as the server itself (bypassing RLS). Only for what happens before a user
	 * is known or on behalf of the system: sessions, sign-in, setup, invitations, seeding.
	 */
	system<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
		return this.driver.transaction(failOnAnyFailure(fn));
	}

	/**
	 * One statement as the server itself, atomic on its own (several changes in one statement
	 * go through data-modifying CTEs). For what the collaboration server runs many times a
	 * second: one round trip to the database instead of one per statement plus begin and
	 * commit, each of which wakes the database's process and then the event loop.
	 */
	systemStatement<T>(text: string, params?: unknown[]): Promise<T[]> {
		return this.driver.statement<T>(text, params);
	}

	/** A transaction as `userId`, with row-level security applied to every statement. */
	asUser<T>(userId: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
		return this.driver.transaction(failOnAnyFailure(async (sql) => {
			await sql.query(`select set_config('request.jwt.claims', $1, true)`, [
				JSON.stringify({ sub: userId, role: 'authenticated' })
			]);
			await sql.query(`set local role ${APP_ROLE}`);
			return fn(sql);
		}));
	}

	/**
	 * VACUUM (ANALYZE) of `tables`, outside any transaction (VACUUM refuses to run in one).
	 * Table names come from code, never from input.
	 */
	vacuum(tables: readonly string[]): Promise<void> {
		return this.driver.script(`vacuum (analyze) ${tables.join(', ')}`);
	}

	async close(): Promise<void> {
		try {
			await this.driver.close();
		} finally {
			this.release();
		}
	}
}

export interface DatabaseOptions {
	/** Real Postgres when set. */
	databaseUrl?: string;
	/** PGlite's directory; undefined with no databaseUrl means in memory. */
	dataDir?: string;
	migrations?: Migration[];
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	let driver: Driver;
	let release = () => {};
	if (options.databaseUrl) {
		driver = await openPostgres(options.databaseUrl);
	} else {
		if (options.dataDir) release = lockDataDir(options.dataDir);
		try {
			driver = await openPglite(options.dataDir && path.join(options.dataDir, 'pglite'));
		} catch (err) {
			release();
			throw err;
		}
	}
	const db = new Database(driver, release);
	try {
		await migrate(driver, options.migrations ?? bundledMigrations());
	} catch (err) {
		await db.close();
		throw err;
	}
	return db;
}
