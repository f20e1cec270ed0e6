// `npm test`: every test runner of the project, in order, with one summary at the end.
//
//   1. setup      npm run i18n, svelte-kit sync (a fresh clone has neither)
//   2. check      svelte-check --threshold error (counts as 1 test)
//   3. unit       vitest on in-memory PGlite
//   4. postgres   the same vitest suite against real Postgres: $TEST_DATABASE_URL if set, else a
//                 private throw-away cluster (scripts/pg-cluster.js), always removed afterwards
//   5. build      npm run build (counts as 1 test)
//   6. e2e        vitest --config vitest.e2e.config.ts, driving /usr/bin/chromium
//
// The last line printed is `N passed, N failed` over all of them; the exit code is 1 when
// anything failed, crashed or (under CI=true) could not run.
//
// Developers: `node scripts/test.js --only unit` (or check, postgres, build, e2e; comma-separated
// or repeated). `--only e2e` builds first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPgBinDir, startCluster } from './pg-cluster.js';

const root = path.resolve(import.meta.dirname, '..');
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
const STAGES = ['check', 'unit', 'postgres', 'build', 'e2e'];
const CHROMIUM = '/usr/bin/chromium';
const E2E_CONFIG = 'vitest.e2e.config.ts';

// ---- arguments -------------------------------------------------------------------------------
let only = null;
{
	const args = process.argv.slice(2);
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		let value;
		if (arg === '--only') value = args[++i];
		else if (arg.startsWith('--only=')) value = arg.slice('--only='.length);
		else if (arg === '-h' || arg === '--help') {
			console.log(`usage: node scripts/test.js [--only ${STAGES.join('|')}[,…]]`);
			process.exit(0);
		} else {
			console.error(`test.js: unknown argument ${arg}`);
			process.exit(2);
		}
		for (const name of (value ?? '').split(',').filter(Boolean)) {
			if (!STAGES.includes(name)) {
				console.error(`test.js: unknown stage "${name}" (one of ${STAGES.join(', ')})`);
				process.exit(2);
			}
			(only ??= new Set()).add(name);
		}
	}
	if (only?.has('e2e')) only.add('build');
}
const wanted = (stage) => !only || only.has(stage);

// ---- child processes and cleanup -------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-test-'));
let current = null; // the running child
const cleanups = new Set();
let interrupted = false;

function runCleanups() {
	for (const fn of [...cleanups].reverse()) {
		try {
			fn();
		} catch (error) {
			console.error(`cleanup failed: ${error.message}`);
		}
		cleanups.delete(fn);
	}
	fs.rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', runCleanups);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		if (interrupted) return;
		interrupted = true;
		console.error(`\n${signal}: stopping…`);
		if (current) {
			try {
				process.kill(-current.pid, 'SIGTERM'); // its whole process group
			} catch {
				current.kill('SIGTERM');
			}
		}
		runCleanups();
		process.exit(130);
	});
}

/** Runs a command with inherited output; resolves to its exit status (non-zero on a signal). */
function run(cmd, args, { env = process.env } = {}) {
	console.log(`\n$ ${[cmd, ...args].join(' ')}`);
	return new Promise((resolve) => {
		// Own process group, so an interrupt can stop the command with everything it started.
		const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
		current = child;
		child.on('error', (error) => {
			console.error(`could not start ${cmd}: ${error.message}`);
			current = null;
			resolve(127);
		});
		child.on('exit', (code, signal) => {
			current = null;
			resolve(code ?? (signal ? 128 : 1));
		});
	});
}

/**
 * Runs vitest with a JSON report and counts from it. A run that exits non-zero without any
 * failed test (a file that failed to load, an unhandled error, a crash) still counts as failed.
 */
async function vitest(label, extraArgs, env) {
	const report = path.join(tmp, `${label}.json`);
	const status = await run(
		'npx',
		['vitest', 'run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
		{ env }
	);
	let data = null;
	try {
		data = JSON.parse(fs.readFileSync(report, 'utf8'));
	} catch {
		// no report: vitest crashed before writing it
	}
	if (!data) return { passed: 0, failed: 1, skipped: 0, note: `vitest exited ${status} without a report`, crashed: true };
	let failed = data.numFailedTests ?? 0;
	// Files that failed outside any test (import errors, failing hooks) have no failed test of their own.
	const brokenFiles = (data.testResults ?? []).filter(
		(file) => file.status === 'failed' && !file.assertionResults?.some((t) => t.status === 'failed')
	);
	failed += brokenFiles.length;
	let note = brokenFiles.length ? `${brokenFiles.length} file(s) failed to run` : '';
	let crashed = false;
	if (status !== 0 && failed === 0) {
		failed = 1;
		crashed = true;
		note = `vitest exited ${status} (unhandled error?)`;
	}
	const passed = data.numPassedTests ?? 0;
	if (status === 0 && passed + failed === 0) {
		failed = 1;
		note = 'no test ran';
	}
	return { passed, failed, skipped: (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0), note, crashed };
}

/** A step that either works or not: 1 passed or 1 failed. */
async function step(cmd, args, env) {
	const status = await run(cmd, args, { env });
	return status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1, note: `exit ${status}` };
}

// ---- stages ----------------------------------------------------------------------------------
const results = []; // { stage, passed, failed, skipped, seconds, note, status }

async function stage(name, fn) {
	console.log(`\n━━━ ${name} ${'━'.repeat(Math.max(0, 60 - name.length))}`);
	const started = Date.now();
	let result;
	try {
		result = await fn();
	} catch (error) {
		console.error(`${name}: ${error.stack ?? error.message}`);
		result = { passed: 0, failed: 1, note: `crashed: ${String(error.message).split('\n')[0]}`, crashed: true };
	}
	const seconds = (Date.now() - started) / 1000;
	const entry = { stage: name, passed: 0, failed: 0, skipped: 0, note: '', ...result, seconds };
	entry.status = entry.skippedStage ? 'skipped' : entry.failed ? 'FAILED' : 'ok';
	results.push(entry);
	console.log(`\n━━━ ${name}: ${entry.status} (${entry.passed} passed, ${entry.failed} failed) in ${seconds.toFixed(1)} s`);
	return entry;
}

/** A stage that could not run: fine on a developer's machine, a failure under CI. */
function unavailable(notice) {
	console.log(`NOTICE: ${notice}`);
	return inCI ? { passed: 0, failed: 1, note: `${notice} — required under CI` } : { skippedStage: true, note: notice };
}

const baseEnv = { ...process.env };
const externalDbUrl = baseEnv.TEST_DATABASE_URL;
delete baseEnv.TEST_DATABASE_URL; // the PGlite run must not see it

const setup = await stage('setup', async () => {
	const i18n = await step('npm', ['run', 'i18n'], baseEnv);
	if (i18n.failed) return { ...i18n, note: 'npm run i18n failed' };
	const sync = await step('npx', ['svelte-kit', 'sync'], baseEnv);
	if (sync.failed) return { ...sync, note: 'svelte-kit sync failed' };
	return { passed: 0, failed: 0, note: 'i18n + svelte-kit sync' };
});

if (setup.failed) {
	console.error('setup failed: nothing else can run');
} else {
	if (wanted('check')) {
		await stage('check', () => step('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error'], baseEnv));
	}

	if (wanted('unit')) await stage('unit (PGlite)', () => vitest('unit', [], baseEnv));

	if (wanted('postgres')) {
		await stage('postgres', async () => {
			if (externalDbUrl) {
				console.log(`Postgres: TEST_DATABASE_URL=${externalDbUrl.replace(/:[^:@/]*@/, ':***@')}`);
				const result = await vitest('postgres', [], { ...baseEnv, TEST_DATABASE_URL: externalDbUrl });
				return { ...result, note: [result.note, 'external TEST_DATABASE_URL'].filter(Boolean).join('; ') };
			}
			const binDir = findPgBinDir();
			if (!binDir) return unavailable('Postgres: skipped (no server binaries; set TEST_DATABASE_URL)');
			const cluster = await startCluster({ binDir, log: (line) => console.log(line) });
			cleanups.add(cluster.stopSync);
			try {
				return await vitest('postgres', [], { ...baseEnv, TEST_DATABASE_URL: cluster.url });
			} finally {
				await cluster.stop();
				cleanups.delete(cluster.stopSync);
				console.log(`Postgres: stopped, removed ${cluster.dir}`);
			}
		});
	}

	let built = null;
	if (wanted('build')) built = await stage('build', () => step('npm', ['run', 'build'], baseEnv));

	if (wanted('e2e')) {
		await stage('e2e', async () => {
			if (!fs.existsSync(path.join(root, E2E_CONFIG))) {
				console.error(`e2e: ${E2E_CONFIG} is missing`);
				return { passed: 0, failed: 1, note: `${E2E_CONFIG} missing` };
			}
			if (!fs.existsSync(CHROMIUM)) return unavailable(`e2e: skipped (${CHROMIUM} is missing; apt-get install chromium)`);
			if (built?.failed) return { passed: 0, failed: 1, note: 'not run: the build failed' };
			return vitest('e2e', ['--config', E2E_CONFIG], baseEnv);
		});
	}
}

// ---- summary ---------------------------------------------------------------------------------
const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed }), {
	passed: 0,
	failed: 0
});
const rows = [['stage', 'result', 'passed', 'failed', 'skipped', 'time', 'note']];
for (const r of results) {
	rows.push([r.stage, r.status, String(r.passed), String(r.failed), String(r.skipped || ''), `${r.seconds.toFixed(1)} s`, r.note || '']);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
const format = (row) => row.map((cell, i) => (i >= 2 && i <= 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
console.log('\nSummary');
console.log(format(rows[0]));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows.slice(1)) console.log(format(row));
console.log('');
runCleanups();
const ok = total.failed === 0 && !results.some((r) => r.crashed);
process.exitCode = ok ? 0 : 1;
console.log(`${total.passed} passed, ${total.failed} failed`);
