// A throw-away Postgres cluster for tests: a fresh data directory in a temp dir, listening only
// on 127.0.0.1 (and a unix socket inside the temp dir) on a free port, fsync off.
//
//   import { startCluster } from './pg-cluster.js';
//   const { url, stop } = await startCluster();   // url: postgres://postgres@127.0.0.1:PORT/postgres
//   ...; await stop();                            // stops the server and removes the temp dir
//
// As a CLI (`node scripts/pg-cluster.js`) it starts one, prints the URL and stops it on Ctrl-C.
//
// Server binaries: $PG_BINDIR if set, else the highest /usr/lib/postgresql/N/bin, else
// `pg_config --bindir`. initdb refuses to run as root, so as root every server command runs
// as the `postgres` user through `runuser`, and the temp dir is handed to that user.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The directory holding initdb/pg_ctl/postgres, or null when none is installed. */
export function findPgBinDir() {
	const hasInitdb = (dir) => dir && fs.existsSync(path.join(dir, 'initdb'));
	if (process.env.PG_BINDIR) return hasInitdb(process.env.PG_BINDIR) ? process.env.PG_BINDIR : null;
	const base = '/usr/lib/postgresql';
	if (fs.existsSync(base)) {
		const versions = fs
			.readdirSync(base)
			.filter((v) => /^\d+(\.\d+)?$/.test(v) && hasInitdb(path.join(base, v, 'bin')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length) return path.join(base, versions[0], 'bin');
	}
	const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
	if (pgConfig.status === 0) {
		const dir = pgConfig.stdout.trim();
		if (hasInitdb(dir)) return dir;
	}
	return null;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function lookupUser(name) {
	const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
	if (uid.status !== 0 || gid.status !== 0) return null;
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** argv for running a server command as the right user. */
function asServerUser(argv) {
	return isRoot ? ['runuser', '-u', 'postgres', '--', ...argv] : argv;
}

/**
 * Runs a command to completion, in its own process group (so a Ctrl-C in the terminal does not
 * reach the postmaster that pg_ctl forks). Resolves on exit, not on stream close: the forked
 * server may keep inherited descriptors open.
 */
function run(argv, { cwd }) {
	return new Promise((resolve) => {
		const child = spawn(argv[0], argv.slice(1), {
			cwd,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, LC_ALL: 'C.UTF-8', PGTZ: 'UTC' }
		});
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('error', (error) => resolve({ status: -1, output: `${output}${error.message}\n` }));
		child.on('exit', (status, signal) => {
			child.stdout.destroy();
			child.stderr.destroy();
			resolve({ status: status ?? -1, signal, output });
		});
	});
}

function readTail(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

function postmasterPid(dataDir) {
	try {
		const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
		return Number.isInteger(pid) && pid > 0 ? pid : null;
	} catch {
		return null;
	}
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * Synchronous stop: usable from an 'exit' handler. pg_ctl immediate stop (the data are thrown
 * away anyway), then SIGKILL for a server that did not go, then the temp dir is removed.
 */
function stopSync({ binDir, dir, dataDir }) {
	const pid = postmasterPid(dataDir);
	if (pid && alive(pid)) {
		const argv = asServerUser([path.join(binDir, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']);
		spawnSync(argv[0], argv.slice(1), { cwd: dir, stdio: 'ignore' });
		if (alive(pid)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}
	fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts a private cluster. Returns { url, port, dir, stop, stopSync }; stop() is idempotent.
 * @param {{ binDir?: string, log?: (line: string) => void }} [options]
 */
export async function startCluster(options = {}) {
	const binDir = options.binDir ?? findPgBinDir();
	const log = options.log ?? (() => {});
	if (!binDir) throw new Error('no Postgres server binaries found (install postgresql, or set PG_BINDIR)');

	let owner = null;
	if (isRoot) {
		owner = lookupUser('postgres');
		if (!owner) throw new Error('running as root, but there is no `postgres` user to run initdb as');
		if (spawnSync('runuser', ['--help'], { stdio: 'ignore' }).status !== 0) {
			throw new Error('running as root, but `runuser` is missing (initdb refuses root)');
		}
	}

	// As root the server user must be able to reach the temp dir: prefer TMPDIR, fall back to /tmp.
	let parent = os.tmpdir();
	if (isRoot) {
		try {
			fs.accessSync(parent, fs.constants.X_OK);
			if ((fs.statSync(parent).mode & 0o001) === 0) parent = '/tmp';
		} catch {
			parent = '/tmp';
		}
	}
	const dir = fs.mkdtempSync(path.join(parent, 'roundtable-pg-'));
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'server.log');
	const state = { binDir, dir, dataDir };
	let stopped = false;
	const stopNow = () => {
		if (stopped) return;
		stopped = true;
		stopSync(state);
	};

	try {
		if (owner) fs.chownSync(dir, owner.uid, owner.gid);
		const started = Date.now();
		const init = await run(
			asServerUser([
				path.join(binDir, 'initdb'),
				'-D',
				dataDir,
				'-U',
				'postgres',
				'--auth=trust',
				'-E',
				'UTF8',
				'--locale=C.UTF-8',
				'--no-sync'
			]),
			{ cwd: dir }
		);
		if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}):\n${init.output}`);

		// The free port can be taken between the probe and the server's bind: retry a few times.
		let port;
		for (let attempt = 1; ; attempt++) {
			port = await freePort();
			const serverOptions = [
				'-c listen_addresses=127.0.0.1',
				`-p ${port}`,
				`-k ${dir}`,
				'-c fsync=off',
				'-c synchronous_commit=off',
				'-c full_page_writes=off',
				'-c max_connections=200'
			].join(' ');
			const start = await run(
				asServerUser([path.join(binDir, 'pg_ctl'), '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start']),
				{ cwd: dir }
			);
			if (start.status === 0) break;
			const tail = readTail(logFile);
			if (attempt >= 3 || !/could not (bind|create listen)|address already in use/i.test(tail)) {
				throw new Error(`pg_ctl start failed (exit ${start.status}):\n${start.output}\n--- server log ---\n${tail}`);
			}
			log(`port ${port} was taken, retrying`);
		}
		log(`Postgres ${path.basename(path.dirname(binDir))} on 127.0.0.1:${port} (data in ${dir}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return {
			url: `postgres://postgres@127.0.0.1:${port}/postgres`,
			port,
			dir,
			stopSync: stopNow,
			stop: async () => stopNow()
		};
	} catch (error) {
		stopNow();
		throw error;
	}
}

// CLI: start, print the URL, stop on Ctrl-C / SIGTERM.
if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
	try {
		const cluster = await startCluster({ log: (line) => console.error(line) });
		console.log(cluster.url);
		console.error(`TEST_DATABASE_URL=${cluster.url} npx vitest run   # in another shell; Ctrl-C here stops it`);
		const keepAlive = setInterval(() => {}, 1 << 30);
		const shutdown = (signal) => {
			clearInterval(keepAlive);
			cluster.stopSync();
			console.error(`stopped (${signal}), removed ${cluster.dir}`);
			process.exit(0);
		};
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => shutdown(signal));
		process.on('exit', () => cluster.stopSync());
	} catch (error) {
		console.error(`pg-cluster: ${error.message}`);
		process.exit(1);
	}
}
