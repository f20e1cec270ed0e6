import { LOWER_PRIORITY_SOURCE } from '../background-thread';

/**
 * The worker thread that owns PGlite (see pglite.ts for why it has a thread of its own).
 *
 * It is CommonJS source run with `new Worker(source, { eval: true })` (background-thread.ts
 * says why); the only thing it loads is PGlite itself, by the absolute path the main thread
 * resolved. Keep it small: it is not type-checked.
 *
 * Messages in: { id, op: 'query', text, params } | { id, op: 'exec', text } | { id, op: 'close' }.
 * Messages out: { ready: true } | { fatal } once, then { id, rows } | { id, error } per call.
 */
export const PGLITE_WORKER_SOURCE = /* js */ `
const { parentPort, workerData } = require('node:worker_threads');

// Both drivers return dates as 'YYYY-MM-DD' strings and int8 as numbers (parsers.ts).
// bytea crosses as hex text ('\\x' and two digits a byte), here with Buffer's native codec
// rather than PGlite's, which makes a string per byte (parsers.ts says what that cost). A
// parsed value owns its memory (allocUnsafeSlow is unpooled): posting a view of Buffer's
// shared pool would copy the whole pool.
const HEX_PREFIX = '\\\\x'; // backslash x, escaped for this template literal and again for the string
const parseBytea = (text) => {
	const out = Buffer.allocUnsafeSlow((text.length - HEX_PREFIX.length) >>> 1);
	// allocUnsafeSlow's memory is not zeroed: anything short of a full write (not hex, say with
	// bytea_output = escape) must fail rather than hand out stale memory.
	if (out.write(text.slice(HEX_PREFIX.length), 'hex') !== out.length) throw new Error('bytea: expected hex output');
	return new Uint8Array(out.buffer, 0, out.length);
};
const serializeBytea = (value) => {
	if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
	return HEX_PREFIX + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
};
const parsers = { [workerData.dateOid]: (v) => v, [workerData.int8Oid]: (v) => Number(v), [workerData.byteaOid]: parseBytea };
const serializers = { [workerData.byteaOid]: serializeBytea };

// Errors cross the thread as plain objects: Postgres' fields (code, constraint, detail...)
// are what callers test, and structured cloning would keep only the message.
const plainError = (err) => {
	const out = { message: String(err && err.message ? err.message : err) };
	for (const [key, value] of Object.entries(err ?? {})) {
		if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
	}
	return out;
};

${LOWER_PRIORITY_SOURCE}
(async () => {
	const { PGlite } = require(workerData.pglitePath);
	const pg = await PGlite.create({ dataDir: workerData.dataDir, parsers, serializers });
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
