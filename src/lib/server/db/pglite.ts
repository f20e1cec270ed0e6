import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICE } from '../background-thread';
import type { Driver, Sql } from './types';
import { BYTEA_OID, DATE_OID, INT8_OID } from './parsers';
import { PGLITE_WORKER_SOURCE } from './pglite-worker-source';


/** An error the database raised, with Postgres' fields (code, constraint, detail...) kept. */
export class PgliteError extends Error {
	code?: string;
}

/**
 * PGlite in a worker thread of this process. PGlite is Postgres compiled to WebAssembly: a
 * query runs synchronously wherever PGlite lives, so on the main thread every statement would
 * stop every request and every collaboration message meanwhile (the benchmark measured stalls
 * of 10–30 ms). In a worker, the event loop only waits for its own results.
 *
 * PGlite is one connection: transactions and single statements take turns (see `turn`), and a
 * transaction's statements are sent one by one (begin, the callback's queries, commit or
 * rollback).
 * `dataDir` undefined means in memory (tests).
 */
export async function openPglite(dataDir?: string): Promise<Driver> {
	const worker = new Worker(PGLITE_WORKER_SOURCE, {
		eval: true,
		workerData: {
			dataDir,
			pglitePath: createRequire(import.meta.url).resolve('@electric-sql/pglite'),
			dateOid: DATE_OID,
			int8Oid: INT8_OID,
			byteaOid: BYTEA_OID,
			nice: BACKGROUND_NICE
		}
	});
	const calls = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }>();
	let nextId = 0;
	let gone: Error | undefined;

	const ready = new Promise<void>((resolve, reject) => {
		worker.on('message', (message: { ready?: true; fatal?: object; id?: number; rows?: unknown[]; error?: object }) => {
			if (message.ready) return resolve();
			if (message.fatal) return reject(toError(message.fatal));
			const call = calls.get(message.id!);
			if (!call) return;
			calls.delete(message.id!);
			// Only a pending call keeps the process alive; an idle database must not.
			if (calls.size === 0) worker.unref();
			if (message.error) call.reject(toError(message.error));
			else call.resolve(message.rows ?? []);
		});
		const fail = (err: Error) => {
			gone ??= err;
			reject(err);
			for (const call of calls.values()) call.reject(err);
			calls.clear();
		};
		worker.on('error', fail);
		worker.on('exit', (code) => fail(new Error(`the PGlite worker exited (code ${code})`)));
	});

	const call = (op: 'query' | 'exec' | 'close', text?: string, params?: unknown[]) =>
		new Promise<unknown[]>((resolve, reject) => {
			if (gone) return reject(gone);
			const id = nextId++;
			calls.set(id, { resolve, reject });
			worker.ref();
			worker.postMessage({ id, op, text, params });
		});

	/**
	 * Whose turn it is on the one connection. A turn ends when its last statement is *sent*:
	 * the worker runs messages in order, so the next transaction's `begin` may follow a
	 * `commit` at once instead of waiting a round trip for its answer. Likewise `begin` is
	 * sent with, not before, the first query.
	 */
	let turn: Promise<void> = Promise.resolve();
	const inTurn = async <T>(
		run: (last: (op: 'query' | 'exec' | 'close', text?: string, params?: unknown[]) => Promise<unknown[]>) => Promise<T>
	): Promise<T> => {
		let release!: () => void;
		const previous = turn;
		turn = new Promise((resolve) => (release = resolve));
		await previous;
		let released = false;
		const last = (op: 'query' | 'exec' | 'close', text?: string, params?: unknown[]) => {
			const sent = call(op, text, params);
			released = true;
			release();
			return sent;
		};
		try {
			return await run(last);
		} finally {
			if (!released) release();
		}
	};

	await ready;
	worker.unref();
	return {
		kind: 'pglite',
		transaction: (fn) =>
			inTurn(async (last) => {
				// begin, commit and rollback take no parameters: the simple protocol (exec) spares
				// PGlite the extended protocol's parse, describe and bind (a tenth of a store's time
				// and a fifth of its garbage in the database thread, measured with a 3 KB update).
				const begun = call('exec', 'begin');
				begun.catch(() => {}); // a failing begin fails the first query too; it is awaited below
				const sql: Sql = { query: async <T>(text: string, params?: unknown[]) => (await call('query', text, params)) as T[] };
				let result;
				try {
					result = await fn(sql);
					await begun;
				} catch (err) {
					await last('exec', 'rollback').catch(() => {});
					throw err;
				}
				await last('exec', 'commit');
				return result;
			}),
		// Outside a transaction block Postgres runs a statement in a transaction of its own.
		statement: <T>(text: string, params?: unknown[]) => inTurn(async (last) => (await last('query', text, params)) as T[]),
		script: (text) =>
			inTurn(async (last) => {
				try {
					await call('exec', text);
				} catch (err) {
					await last('exec', 'rollback').catch(() => {});
					throw err;
				}
			}),
		close: () =>
			inTurn(async (last) => {
				try {
					await last('close');
				} finally {
					await worker.terminate();
				}
			})
	};
}

function toError(fields: object): PgliteError {
	const { message, ...rest } = fields as { message: string };
	return Object.assign(new PgliteError(message), rest);
}
