// Starting, killing and restarting the built app as a real process, as `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { APP_START, ROOT, appEnv, snapshotApp, waitHealthy } from '../../scripts/built-app.js';

export { ROOT, snapshotApp };
const STARTUP_MS = 90_000;

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, 'localhost', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

export interface AppProcess {
	url: string;
	child: ChildProcess;
	output: () => string;
}

/** Starts the app on `port` with only the environment given (never the caller's DATABASE_URL). */
export async function launch(appDir: string, port: number, extraEnv: Record<string, string>): Promise<AppProcess> {
	const url = `http://localhost:${port}`;
	const env = appEnv(port, extraEnv);
	const child = spawn(process.execPath, APP_START, { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	child.stdout!.on('data', (chunk) => (log += chunk));
	child.stderr!.on('data', (chunk) => (log += chunk));
	const running = { url, child, output: () => log };
	try {
		await waitHealthy(port, child, STARTUP_MS);
		return running;
	} catch (err) {
		await stop(running);
		throw new Error(`The app did not become healthy at ${url} (${(err as Error).message}). Its output:\n${log.slice(-4000)}`);
	}
}

/** SIGTERM (the app stores pending edits and exits), SIGKILL after 5 s; or SIGKILL at once. */
export async function stop({ child }: AppProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill(signal);
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}
