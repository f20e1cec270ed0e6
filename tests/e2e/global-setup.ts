import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, freePort, launch, snapshotApp, stop, type AppProcess } from './app-process';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A server seeded with the demo region. */
		demoUrl: string;
		/** A server with an empty database: first-run setup not done. */
		emptyUrl: string;
		/** The private copy of the build, for tests that start their own app processes. */
		appDir: string;
	}
}

interface Running extends AppProcess {
	dataDir: string;
}

async function startServer(appDir: string, demo: boolean): Promise<Running> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-e2e-'));
	const env: Record<string, string> = { DATA_DIR: dataDir };
	if (demo) env.ROUNDTABLE_DEMO = '1';
	try {
		return { ...(await launch(appDir, await freePort(), env)), dataDir };
	} catch (err) {
		await rm(dataDir, { recursive: true, force: true });
		throw new Error(`The ${demo ? 'demo' : 'empty'} server: ${(err as Error).message}`);
	}
}

async function stopServer(running: Running): Promise<void> {
	await stop(running);
	await rm(running.dataDir, { recursive: true, force: true });
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
	project.provide('appDir', appDir);
	return async () => {
		await Promise.all(servers.map(stopServer));
		await rm(appDir, { recursive: true, force: true });
	};
}
