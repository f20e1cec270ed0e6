import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICE, LOWER_PRIORITY_SOURCE } from '../background-thread';

/**
 * Folding a note's stored snapshot and update log into one snapshot (the compaction) is CPU
 * work that grows with the note: applying every stored item to a fresh document and encoding
 * it again. On the event loop it stopped every room meanwhile (the benchmark's hot room: 70 ms
 * for a note of 3,000 edits, every 25 s). It runs here instead, in one thread of its own at the
 * database thread's lower priority, started on the first compaction and not keeping the process
 * alive while idle.
 *
 * Messages in: { id, parts: Uint8Array[] }. Out: { id, state } | { id, error }.
 */
const SOURCE = /* js */ `
const { parentPort, workerData } = require('node:worker_threads');
${LOWER_PRIORITY_SOURCE}
const Y = require(workerData.yjsPath);
parentPort.on('message', ({ id, parts }) => {
	try {
		// Through a document rather than mergeUpdates alone: the document drops deleted content.
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.mergeUpdates(parts));
		const state = Y.encodeStateAsUpdate(doc);
		doc.destroy();
		parentPort.postMessage({ id, state }, [state.buffer]);
	} catch (err) {
		parentPort.postMessage({ id, error: String(err && err.message ? err.message : err) });
	}
});
`;

let thread: Worker | undefined;
let nextId = 0;
const calls = new Map<number, { resolve: (state: Uint8Array) => void; reject: (err: Error) => void }>();

function start(): Worker {
	const worker = new Worker(SOURCE, {
		eval: true,
		workerData: { yjsPath: createRequire(import.meta.url).resolve('yjs'), nice: BACKGROUND_NICE }
	});
	worker.on('message', ({ id, state, error }: { id: number; state?: Uint8Array; error?: string }) => {
		const call = calls.get(id);
		if (!call) return;
		calls.delete(id);
		if (calls.size === 0) worker.unref();
		if (error !== undefined) call.reject(new Error(error));
		else call.resolve(state!);
	});
	// A thread that died fails what it had; the next call starts another.
	const fail = (err: Error) => {
		if (thread === worker) thread = undefined;
		for (const call of calls.values()) call.reject(err);
		calls.clear();
	};
	worker.on('error', fail);
	worker.on('exit', (code) => fail(new Error(`the merge thread exited (code ${code})`)));
	worker.unref();
	return worker;
}

/** The one snapshot that holds everything in `parts` (a stored snapshot and log, in order). */
export function mergeStored(parts: Uint8Array[]): Promise<Uint8Array> {
	const worker = (thread ??= start());
	return new Promise((resolve, reject) => {
		const id = nextId++;
		calls.set(id, { resolve, reject });
		worker.ref();
		worker.postMessage({ id, parts });
	});
}
