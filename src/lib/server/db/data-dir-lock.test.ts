import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rt-lock-'));

describe('the data directory lock', () => {
	it('refuses a second holder with a message that says what to do', () => {
		const dir = tempDir();
		const release = lockDataDir(dir);
		expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
		expect(() => lockDataDir(dir)).toThrow(/in use by another Roundtable process \(pid \d+\).*DATA_DIR/);
		release();
		const again = lockDataDir(dir);
		again();
		expect(fs.existsSync(path.join(dir, 'roundtable.lock'))).toBe(false);
	});

	it('takes over a lock left by a process that died', () => {
		const dir = tempDir();
		const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
		fs.writeFileSync(path.join(dir, 'roundtable.lock'), dead.stdout.trim());
		const release = lockDataDir(dir);
		expect(fs.readFileSync(path.join(dir, 'roundtable.lock'), 'utf8')).toBe(String(process.pid));
		release();
	});
});
