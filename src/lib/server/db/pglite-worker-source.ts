/**
 * The worker thread that owns PGlite (see pglite.ts for why it has a thread of its own).
 *
 * It is CommonJS source run with `new Worker(source, { eval: true })` rather than a module
 * file, because the app is bundled by Vite into build/ and a worker file beside the source
 * would not be there; the only thing it loads is PGlite itself, by the absolute path the
 * main thread resolved. Keep it small: it is not type-checked.
 *
 * Messages in: { id, op: 'query', text, params } | { id, op: 'exec', text } | { id, op: 'close' }.
 * Messages out: { ready: true } | { fatal } once, then { id, rows } | { id, error } per call.
 */
export const PGLITE_WORKER_SOURCE = /* js */ `
const { parentPort, workerData } = require('node:worker_threads');

// Both drivers return dates as 'YYYY-MM-DD' strings and int8 as numbers (parsers.ts).
const parsers = { [workerData.dateOid]: (v) => v, [workerData.int8Oid]: (v) => Number(v) };

// Errors cross the thread as plain objects: Postgres' fields (code, constraint, detail...)
// are what callers test, and structured cloning would keep only the message.
const plainError = (err) => {
	const out = { message: String(err && err.message ? err.message : err) };
	for (const [key, value] of Object.entries(err ?? {})) {
		if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
	}
	return out;
};

// On Linux this thread yields to the event loop when both want the CPU: relaying an edit or
// answering a page should not wait behind a batch of SQL. setpriority on a thread id affects
// that thread only (Linux threads have their own nice value); elsewhere this does nothing.
if (workerData.nice) {
	try {
		const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
		const os = require('node:os');
		os.setPriority(tid, Math.min(19, os.getPriority(tid) + workerData.nice));
	} catch {
		// not Linux, or not allowed: run at the process's priority
	}
}

(async () => {
	const { PGlite } = require(workerData.pglitePath);
	const pg = await PGlite.create({ dataDir: workerData.dataDir, parsers });
	parentPort.on('message', async ({ id, op, text, params }) => {
		try {
			if (op === 'query') {
				const result = await pg.query(text, params);
				parentPort.postMessage({ id, rows: result.rows });
			} else if (op === 'exec') {
				await pg.exec(text);
				parentPort.postMessage({ id });
			} else if (op === 'close') {
				await pg.close();
				parentPort.postMessage({ id });
				parentPort.close();
			}
		} catch (err) {
			parentPort.postMessage({ id, error: plainError(err) });
		}
	});
	parentPort.postMessage({ ready: true });
})().catch((err) => parentPort.postMessage({ fatal: plainError(err) }));
`;
