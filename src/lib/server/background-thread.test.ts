import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeStored } from './collab/merge-thread';
import { openPglite } from './db/pglite';
import { BACKGROUND_NICE, LOWER_PRIORITY_SOURCE } from './background-thread';

/** A thread's nice value, as the kernel reports it (proc(5): field 19). */
function niceOf(tid: number) {
	const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 on (the name may hold spaces)
	return Number(fields[19 - 3]);
}
const threads = () => new Set(fs.readdirSync('/proc/self/task').map(Number));
const thisThread = () => Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
/** The nice values of the threads started while `start` ran. */
async function startedBy(start: () => Promise<unknown>) {
	const before = threads();
	await start();
	return [...threads()].filter((tid) => !before.has(tid)).map(niceOf);
}

/** The nice values of the threads a worker running the shared source (with `workerData`) started. */
async function backgroundThread(workerData: { nice?: number }) {
	const source = `${LOWER_PRIORITY_SOURCE}\nrequire('node:worker_threads').parentPort.postMessage('started');`;
	let worker: Worker | undefined;
	try {
		return await startedBy(async () => {
			worker = new Worker(source, { eval: true, workerData });
			await once(worker, 'message');
		});
	} finally {
		await worker?.terminate();
	}
}

describe('background threads', () => {
	const mine = () => os.getPriority(thisThread());
	const lowered = () => Math.min(19, mine() + BACKGROUND_NICE);

	it('run at a higher nice value than the event loop, which gets the core first when both want it', async () => {
		expect((await backgroundThread({ nice: BACKGROUND_NICE })).filter((nice) => nice === lowered())).toHaveLength(1);
	});

	it('leave a thread asked for no lower priority as it was', async () => {
		const started = await backgroundThread({});
		expect(started.length).toBeGreaterThan(0);
		expect(started.every((nice) => nice === mine())).toBe(true);
	});

	it('include the PGlite worker and the merge thread, while the event loop keeps its priority', async () => {
		const eventLoop = mine();
		let driver: Awaited<ReturnType<typeof openPglite>> | undefined;
		try {
			const pglite = await startedBy(async () => (driver = await openPglite()));
			expect(pglite.filter((nice) => nice === lowered())).toHaveLength(1);
		} finally {
			await driver?.close();
		}
		const merge = await startedBy(() => mergeStored([Y.encodeStateAsUpdate(new Y.Doc())]));
		expect(merge.filter((nice) => nice === lowered())).toHaveLength(1);
		expect(niceOf(thisThread())).toBe(eventLoop);
	});
});
