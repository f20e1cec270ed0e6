// The built app (build/ and server/index.js) as the end-to-end tests and the benchmarks start
// it: from a private copy, with only the environment it needs.
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The arguments after `node` that start the app: the Node options and entry of package.json's
 * `start` script, the one place they are decided, so that the demo, the end-to-end tests and the
 * benchmarks run the app as `npm start` does (a smaller young generation: docs/collaboration.md).
 */
export const APP_START = startArguments(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start);

/** APP_START with `extra` Node options after the app's own, so that they can override one (the last one wins). */
export const appStartWith = (extra) => [...APP_START.slice(0, -1), ...extra, APP_START.at(-1)];

/** `node [--option…] server/index.js` → its arguments; anything else is refused. */
export function startArguments(script) {
	const [command, ...rest] = script.trim().split(/\s+/);
	const entry = rest.at(-1);
	if (command !== 'node' || entry !== 'server/index.js' || !rest.slice(0, -1).every((a) => a.startsWith('--'))) {
		throw new Error(`package.json's start script must be "node [--option…] server/index.js", not "${script}"`);
	}
	return rest;
}

/**
 * A private copy of the build in a new folder under `parent`: a rebuild in the working tree
 * while tests or a benchmark run would otherwise swap the files under the servers (and a
 * vanished asset crashes adapter-node).
 */
export async function snapshotApp(parent = os.tmpdir(), prefix = 'roundtable-app-') {
	const dir = await mkdtemp(path.join(parent, prefix));
	await Promise.all([
		cp(path.join(ROOT, 'build'), path.join(dir, 'build'), { recursive: true }),
		cp(path.join(ROOT, 'server'), path.join(dir, 'server'), { recursive: true }),
		cp(path.join(ROOT, 'package.json'), path.join(dir, 'package.json')),
		symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
	]);
	return dir;
}

/** The app's environment on `port`: only what it needs and `extra` (never the caller's DATABASE_URL). */
export function appEnv(port, extra = {}) {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		NODE_ENV: 'production',
		PORT: String(port),
		ORIGIN: `http://localhost:${port}`,
		HOST: '127.0.0.1',
		...extra
	};
}

/** Waits (bounded) for the app on `port` to answer GET /healthz with ok; throws if `child` exits first. */
export async function waitHealthy(port, child, ms = 90_000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited (${child.exitCode ?? child.signalCode})`);
		const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
			.then(async (r) => r.status === 200 && (await r.json()).status === 'ok')
			.catch(() => false);
		if (ok) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`the app did not become healthy on port ${port} within ${ms} ms`);
}
