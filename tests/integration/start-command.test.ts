import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { APP_START, appStartWith, startArguments } from '../../scripts/built-app.js';

// The demo, the end-to-end tests and the benchmarks start the app with the arguments of
// package.json's start script, so that they run it as a deployment does.
describe('the start command', () => {
	test("is read from package.json's start script: its Node options, then the entry", () => {
		expect(startArguments('node --max-semi-space-size=2 --stack-size=900 server/index.js')).toEqual([
			'--max-semi-space-size=2',
			'--stack-size=900',
			'server/index.js'
		]);
		expect(startArguments('node server/index.js')).toEqual(['server/index.js']);
		expect(APP_START.at(-1)).toBe('server/index.js');
	});

	test('takes extra options after its own, so that they override them, and before the entry', () => {
		expect(appStartWith(['--cpu-prof'])).toEqual([...APP_START.slice(0, -1), '--cpu-prof', 'server/index.js']);
	});

	test('anything but node, options and the entry is refused rather than half understood', () => {
		for (const script of ['vite preview', 'node build/index.js', 'node server/index.js --port 4000', 'node inspect server/index.js', 'NODE_ENV=production node server/index.js']) {
			expect(() => startArguments(script), script).toThrow(/start script must be/);
		}
	});

	test("this Node accepts the start script's options (a typo there would stop npm start)", () => {
		const run = spawnSync(process.execPath, appStartWith(['-e', 'process.exit(0)']), { encoding: 'utf8' });
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		expect(spawnSync(process.execPath, ['--max-semi-spaces-size=2', '-e', 'process.exit(0)']).status).not.toBe(0);
	});
});
