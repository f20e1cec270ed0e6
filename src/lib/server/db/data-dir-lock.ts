import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no lock of its own on its data directory: two processes opening it would both
 * write and corrupt it. We hold a lock file with our pid while the database is open.
 */
export class DataDirLockedError extends Error {}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function lockDataDir(dir: string): () => void {
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, 'roundtable.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
			let released = false;
			const release = () => {
				if (released) return;
				released = true;
				process.off('exit', release);
				fs.rmSync(file, { force: true });
			};
			process.on('exit', release);
			return release;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
			const pid = Number(fs.readFileSync(file, 'utf8').trim());
			if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
				throw new DataDirLockedError(
					`The data directory ${dir} is in use by another Roundtable process (pid ${pid}). ` +
						`Stop that process, or point DATA_DIR at another directory.`
				);
			}
			// The holder died without cleaning up: the lock is stale, take it over.
			fs.rmSync(file, { force: true });
		}
	}
	throw new DataDirLockedError(`Could not lock the data directory ${dir}.`);
}
