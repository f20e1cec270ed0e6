/**
 * What the app's background threads (the PGlite worker, the merge thread) share. They are run
 * with `new Worker(source, { eval: true })` because the app is bundled by Vite into build/ and a
 * worker file beside the source would not be there.
 */

/** A background thread's nice value relative to the event loop's (0): lower priority. */
export const BACKGROUND_NICE = 10;

/**
 * CommonJS source for such a worker: lowers its thread's priority by `workerData.nice`. On
 * Linux the thread then yields to the event loop when both want the CPU: relaying an edit or
 * answering a page should not wait behind a batch of SQL or a compaction. setpriority on a
 * thread id affects that thread only (Linux threads have their own nice value); elsewhere
 * this does nothing.
 */
export const LOWER_PRIORITY_SOURCE = /* js */ `
{
	const { nice } = require('node:worker_threads').workerData;
	if (nice) {
		try {
			const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
			const os = require('node:os');
			os.setPriority(tid, Math.min(19, os.getPriority(tid) + nice));
		} catch {
			// not Linux, or not allowed: run at the process's priority
		}
	}
}
`;
