import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A server seeded with the demo region. */
		demoUrl: string;
		/** A server with an empty database: first-run setup not done. */
		emptyUrl: string;
	}
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const STARTUP_MS = 90_000;

interface Running {
	url: string;
	child: ChildProcess;
	dataDir: string;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, 'localhost', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/**
 * A private copy of the build: a rebuild in the working tree while the tests run would
 * otherwise swap the files under the servers (and a vanished asset crashes adapter-node).
 */
async function snapshotApp(): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-e2e-app-'));
	await Promise.all([
		cp(path.join(ROOT, 'build'), path.join(dir, 'build'), { recursive: true }),
		cp(path.join(ROOT, 'server'), path.join(dir, 'server'), { recursive: true }),
		cp(path.join(ROOT, 'package.json'), path.join(dir, 'package.json')),
		symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
	]);
	return dir;
}

async function startServer(appDir: string, demo: boolean): Promise<Running> {
	const port = await freePort();
	const url = `http://localhost:${port}`;
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-e2e-'));
	// Only what the server needs: an inherited DATABASE_URL would point it at a real database.
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' };
	Object.assign(env, { PORT: String(port), ORIGIN: url, DATA_DIR: dataDir, HOST: '127.0.0.1' });
	if (demo) env.ROUNDTABLE_DEMO = '1';
	const child = spawn(process.execPath, ['server/index.js'], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	child.stdout!.on('data', (chunk) => (log += chunk));
	child.stderr!.on('data', (chunk) => (log += chunk));
	const running = { url, child, dataDir };
	const deadline = Date.now() + STARTUP_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) break;
		const healthy = await fetch(`http://127.0.0.1:${port}/healthz`)
			.then(async (r) => r.status === 200 && (await r.json()).status === 'ok')
			.catch(() => false);
		if (healthy) return running;
		await new Promise((r) => setTimeout(r, 200));
	}
	await stopServer(running);
	throw new Error(`The ${demo ? 'demo' : 'empty'} server did not become healthy at ${url}. Its output:\n${log.slice(-4000)}`);
}

async function stopServer({ child, dataDir }: Running): Promise<void> {
	if (child.exitCode === null && child.signalCode === null) {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(timer);
	}
	await rm(dataDir, { recursive: true, force: true });
}

export default async function setup(project: TestProject) {
	if (!existsSync(path.join(ROOT, 'build/handler.js'))) {
		throw new Error('build/handler.js is missing: run `npm run build` before the browser tests.');
	}
	const appDir = await snapshotApp();
	const started = await Promise.allSettled([startServer(appDir, true), startServer(appDir, false)]);
	const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
	const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
	if (failed) {
		await Promise.all(servers.map(stopServer));
		await rm(appDir, { recursive: true, force: true });
		throw failed.reason;
	}
	const [demo, empty] = servers;
	project.provide('demoUrl', demo.url);
	project.provide('emptyUrl', empty.url);
	return async () => {
		await Promise.all(servers.map(stopServer));
		await rm(appDir, { recursive: true, force: true });
	};
}
