// `npm run bench:collab`: the same open-loop load against three y-websocket-protocol servers,
// in one run on loopback, and one table with the ratios (method: docs/benchmarks.md).
//
//   node scripts/bench/collab.js [--quick] [--servers ours,yws,hocuspocus[,ours-pg]]
//                                [--scenarios rooms,hot,idle] [--repeat N] [--json FILE]
//                                [--profile DIR] [--heap-snapshot DIR] [--node-args "ARGS"]
//                                [--build] [--keep]
//
// Servers, each started fresh for every scenario and pinned to core 1 (`taskset -c 1`):
//   ours        the built app, started as `npm start` starts it: persistence on (PGlite), authorization
//               of every connection, live revalidation; driven by y-websocket clients
//   ours-pg     the same app on Postgres (a private cluster from scripts/pg-cluster.js, its
//               processes pinned to core 1 with the app; their CPU is reported apart). Opt-in.
//   ours=NAME   an experiment: ours with BENCH_VARIANT=NAME in its environment (see appOf)
//   yws         @y/websocket-server (scripts/bench/yws-server.js), no persistence; y-websocket clients
//   hocuspocus  Hocuspocus 3.4.4 without extensions (scripts/bench/hocuspocus-server.js),
//               driven by its own provider
// The load generator (scripts/bench/generator.js) is one process pinned to core 0.
// Scenarios: rooms (many rooms, 3 editors each, one edit per room every 2 s), hot (one room,
// N editors typing 2 edits/s each; a larger N if the generator had CPU to spare), idle (N
// documents open with one client each, no edits: server RSS per idle document).
// The server's CPU (/proc/<pid>/stat) and RSS (/proc/<pid>/status) are sampled every 500 ms.
// Every wait is bounded; every process started here is stopped at the end, on error or Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startCluster } from '../pg-cluster.js';
import { percentile } from './percentile.js';
import { ROOT, appEnv, appStartWith, initialiseDataDir, seedBenchData, seedBenchDataPostgres, snapshotApp, waitHealthy } from './ours.js';

// ---- arguments -------------------------------------------------------------------------------
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
	const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return fallback;
	return args[i].includes('=') ? args[i].split('=').slice(1).join('=') : args[i + 1];
};
if (flag('help') || flag('h')) {
	console.log(fs.readFileSync(import.meta.filename, 'utf8').split('\n').slice(0, 20).join('\n'));
	process.exit(0);
}
const QUICK = flag('quick');
/** `--repeat N`: each scenario runs N times against each server, interleaved; the table shows,
 * per scenario and server, the median run by p99. */
const REPEAT = Math.max(1, Number(option('repeat', '1')) || 1);
const SERVERS = option('servers', 'ours,yws,hocuspocus').split(',');
const SCENARIOS = option('scenarios', 'rooms,hot,idle').split(',');
for (const s of SERVERS) if (!s.startsWith('ours=') && !['ours', 'ours-pg', 'yws', 'hocuspocus'].includes(s)) throw new Error(`unknown server ${s}`);
/** Our app, on PGlite or on Postgres. */
const isOurs = (kind) => kind === 'ours' || kind === 'ours-pg' || kind.startsWith('ours=');
/**
 * `ours=NAME`: the same built app and seeded data as `ours`, started with BENCH_VARIANT=NAME, so
 * that an experiment (code on a local branch that reads BENCH_VARIANT) runs interleaved with
 * the unchanged app in one set: identical runs differ by up to 2×, and sets by more.
 */
const appOf = (kind) => (kind.startsWith('ours=') ? 'ours' : kind);
const variantOf = (kind) => (kind.startsWith('ours=') ? kind.slice('ours='.length) : '');
for (const s of SCENARIOS) if (!['rooms', 'hot', 'idle'].includes(s)) throw new Error(`unknown scenario ${s}`);

const P = QUICK
	? { rooms: 100, perRoom: 3, roomIntervalMs: 2000, hot: [20, 40], idle: 100, durationMs: 10_000, connectRate: 200 }
	: { rooms: 500, perRoom: 3, roomIntervalMs: 2000, hot: [50, 100], idle: 4000, durationMs: 30_000, connectRate: 200 };
const COMMON = { warmupMs: 2000, drainMs: 5000 };
/** Above this share of its core the generator, not the server, may be what the figures show. */
const GENERATOR_LIMIT = 80;
const RUN_DEADLINE_MS = (QUICK ? 15 : 45) * 60_000;

// ---- processes and cleanup -------------------------------------------------------------------
const children = new Set();
const track = (child) => {
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
};
let tmp = null;
let cluster = null;
function cleanup() {
	for (const child of children) {
		try {
			child.kill('SIGKILL');
		} catch {
			/* gone */
		}
	}
	cluster?.stopSync();
	if (tmp && !flag('keep')) fs.rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		console.error(`\n${signal}: stopping every process of the benchmark`);
		process.exit(130);
	});
}
setTimeout(() => {
	console.error(`bench: the whole run took longer than ${RUN_DEADLINE_MS / 60_000} min; stopping`);
	process.exit(1);
}, RUN_DEADLINE_MS).unref();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (msg) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

function freePort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

/**
 * Node options of the load generator. With V8's default young generation (16 MB semi-spaces)
 * the generator's 1,500 clients paused it for a scavenge of 15–17 ms (up to 37) about every
 * 0.7 s, 2% of the time: every edit in flight then was late by it, whichever server was
 * measured, and the p99 of every server was mostly the generator's. With 1 MB they are about
 * 1.5 ms (at most 5) and more frequent; the generator's CPU is unchanged. Its pauses are in
 * the JSON (generatorGcPauseMs) and the log.
 */
const GENERATOR_NODE_ARGS = ['--max-semi-space-size=1'];

const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const CORES = os.cpus().length;
const PIN = HAS_TASKSET && CORES >= 2;
/** `taskset -c <core> node …` (taskset execs, so the pid is node's), or plain node. */
function pinned(core, nodeArgs, options) {
	return PIN
		? spawn('taskset', ['-c', String(core), process.execPath, ...nodeArgs], options)
		: spawn(process.execPath, nodeArgs, options);
}

async function stopProcess(child, graceMs = 15_000) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

async function waitForPort(port, child, ms = 30_000) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		const open = await new Promise((resolve) => {
			const s = net.connect(port, '127.0.0.1');
			s.once('connect', () => (s.destroy(), resolve(true)));
			s.once('error', () => resolve(false));
		});
		if (open) return;
		await sleep(100);
	}
	throw new Error(`nothing listening on ${port} after ${ms} ms`);
}

// ---- /proc sampling --------------------------------------------------------------------------
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function readProc(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(rest[11]) + Number(rest[12]); // utime + stime (fields 14, 15)
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
		return { t: Date.now(), cpuS: ticks / CLK_TCK, rssKb };
	} catch {
		return null;
	}
}

/** Busy CPU-seconds of the whole machine (all cores), from /proc/stat. */
function machineBusyS() {
	try {
		const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
		const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
		return (user + nice + system + irq + softirq + steal) / CLK_TCK;
	} catch {
		return 0;
	}
}

/**
 * Samples the server (and, once known, the generator) every 500 ms, with the machine's total
 * busy time: whatever else ran on this machine during a run is reported beside its figures.
 */
function sampler(pid, withDb = false) {
	const samples = [];
	// Postgres backends come and go; their CPU is summed over the ones seen, so a backend that
	// exits between two samples loses at most its last 500 ms.
	const dbSeen = new Map();
	const dbCpuS = () => {
		for (const p of postgresPids()) {
			const cpu = readProc(p)?.cpuS;
			if (cpu !== undefined) dbSeen.set(p, cpu);
		}
		return [...dbSeen.values()].reduce((a, b) => a + b, 0);
	};
	let genPid = null;
	const take = () => {
		const s = readProc(pid);
		if (!s) return;
		s.machineS = machineBusyS();
		s.genCpuS = genPid ? (readProc(genPid)?.cpuS ?? null) : null;
		if (withDb) s.dbCpuS = dbCpuS();
		samples.push(s);
	};
	take();
	const timer = setInterval(take, 500);
	return {
		samples,
		setGenerator: (p) => (genPid = p),
		stop: () => (take(), clearInterval(timer))
	};
}

/** CPU % (of one core) used by processes other than the server and the generator. */
function foreignPercent(samples, from, to) {
	const w = within(samples, from, to).filter((x) => x.genCpuS !== null);
	if (w.length < 2) return null;
	const a = w[0];
	const b = w.at(-1);
	const db = a.dbCpuS !== undefined ? b.dbCpuS - a.dbCpuS : 0;
	const busy = b.machineS - a.machineS - (b.cpuS - a.cpuS) - (b.genCpuS - a.genCpuS) - db;
	return Math.max(0, (100 * busy) / ((b.t - a.t) / 1000));
}

/** Before a run: waits (at most 30 s, 10 s with --quick) until the rest of the machine uses < 25% of a core. */
async function waitForQuiet() {
	const deadline = Date.now() + (QUICK ? 10_000 : 30_000);
	let busy = 0;
	while (Date.now() < deadline) {
		const a = machineBusyS();
		await sleep(2000);
		busy = ((machineBusyS() - a) / 2) * 100;
		if (busy < 25) return busy;
	}
	log(`  the machine stayed busy (${busy.toFixed(0)}% of a core used by other processes); running anyway`);
	return busy;
}

const within = (samples, from, to) => samples.filter((s) => s.t >= from && s.t <= to);
function cpuPercent(samples, from, to, field = 'cpuS') {
	const w = within(samples, from, to).filter((x) => x[field] !== undefined);
	if (w.length < 2) return null;
	const a = w[0];
	const b = w.at(-1);
	return (100 * (b[field] - a[field])) / ((b.t - a.t) / 1000);
}
const meanRss = (samples, from, to) => {
	const w = within(samples, from, to);
	return w.length ? w.reduce((sum, s) => sum + s.rssKb, 0) / w.length : null;
};
/** The lowest RSS in a quiet window: memory the collector freed can take a while to leave. */
const settledRss = (samples, from, to) => {
	const w = within(samples, from, to);
	return w.length ? Math.min(...w.map((s) => s.rssKb)) : null;
};

// ---- servers ---------------------------------------------------------------------------------
/** Per variant of our app: { appDir, dataDir, env, cookies, noteIds, nextNote }. */
const apps = {};
let appDir = null;

async function prepareOurs(kind, needUsers, needNotes) {
	if (!appDir) {
		const built = fs.existsSync(path.join(ROOT, 'build', 'handler.js'));
		if (!built || flag('build')) {
			log(built ? 'building (--build)…' : 'build/ is missing: building…');
			const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
			if (r.status !== 0) throw new Error('npm run build failed');
		}
		appDir = await snapshotApp(tmp);
	}
	const dataDir = fs.mkdtempSync(path.join(tmp, 'data-'));
	let env = {};
	if (kind === 'ours-pg') {
		cluster = await startCluster({ log: (line) => log(line) });
		env = { DATABASE_URL: cluster.url };
		if (PIN) for (const pid of postgresPids()) spawnSync('taskset', ['-a', '-p', '-c', '1', String(pid)], { stdio: 'ignore' });
	}
	log(`${kind}: first start with the demo seed (migrations, a board)…`);
	await initialiseDataDir({ appDir, dataDir, port: await freePort(), track, env });
	log(`${kind}: writing ${needUsers} bench users with sessions and ${needNotes} notes…`);
	const counts = { users: needUsers, notes: needNotes };
	const seeded = kind === 'ours-pg' ? await seedBenchDataPostgres(cluster.url, counts) : await seedBenchData(dataDir, counts);
	apps[kind] = { dataDir, env, ...seeded, nextNote: 0 };
}

const takeNotes = (kind, n) => {
	const app = apps[appOf(kind)];
	const ids = app.noteIds.slice(app.nextNote, app.nextNote + n);
	if (ids.length < n) throw new Error('not enough bench notes seeded');
	app.nextNote += n;
	return ids;
};

/** The private Postgres cluster's processes: the postmaster and its children (backends too). */
function postgresPids() {
	if (!cluster) return [];
	let master;
	try {
		master = Number(fs.readFileSync(path.join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
	} catch {
		return [];
	}
	const pids = [master];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === master) pids.push(Number(entry));
		} catch {
			/* gone */
		}
	}
	return pids;
}

/** `--profile DIR`: the servers run under `node --cpu-prof`, one folder per run in DIR, with a
 * .cpuprofile for each thread (Node names them CPU.<date>.<time>.<pid>.<thread id>.<seq>; the
 * main thread's id is 0; one fixed name would let the worker threads' profiles overwrite the
 * main thread's). */
const PROFILE_DIR = option('profile', null);
/** `--heap-snapshot DIR`: in idle runs, heap snapshots of each server with half and with all
 * N documents open (their difference is what N/2 more documents hold). */
const SNAPSHOT_DIR = option('heap-snapshot', null);
/** `--node-args "--trace-gc ..."`: extra Node/V8 options for every server (their output is in
 * the run's temporary folder, kept with --keep); for ours they follow, and so override, the
 * options of `npm start`. */
const NODE_ARGS = option('node-args', '').split(' ').filter(Boolean);
const profileArgs = (kind, scenarioId) => [
	...NODE_ARGS,
	...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR, `${kind}-${scenarioId}-${Date.now()}`)}`] : [])
];

/**
 * Idle runs start the server with the inspector on a loopback port, so that before each memory
 * reading a full garbage collection can be forced in every server alike (no change to any of
 * them) and the JS heap read: RSS then shows what is held, not garbage not yet collected.
 */
async function forceGc(inspectPort, snapshotFile = null) {
	const list = await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json();
	const ws = new WebSocket(list[0].webSocketDebuggerUrl);
	try {
		await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
		let id = 0;
		const reply = (match, what) =>
			new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`${what} timed out`)), 60_000);
				ws.on('message', function onMessage(data) {
					const msg = JSON.parse(String(data));
					const result = match(msg);
					if (result === undefined) return;
					ws.off('message', onMessage);
					clearTimeout(timer);
					resolve(result);
				});
			});
		const call = (method, params = {}) => {
			const my = ++id;
			const answer = reply((msg) => (msg.id === my ? (msg.result ?? {}) : undefined), method);
			ws.send(JSON.stringify({ id: my, method, params }));
			return answer;
		};
		await call('HeapProfiler.collectGarbage');
		await call('HeapProfiler.collectGarbage');
		let used = (await call('Runtime.getHeapUsage')).usedSize;
		if (snapshotFile) {
			// The main thread's heap, for `--heap-snapshot` (open it in Chrome's DevTools).
			const out = fs.createWriteStream(snapshotFile);
			const chunk = (data) => {
				const msg = JSON.parse(String(data));
				if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') out.write(msg.params.chunk);
			};
			ws.on('message', chunk);
			await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
			ws.off('message', chunk);
			await new Promise((resolve) => out.end(resolve));
		}
		// A server's worker threads (ours runs PGlite in one) have heaps of their own: collect
		// those too, through the main inspector session, so their garbage is not counted either.
		const workers = [];
		const attached = (msg) => {
			if (msg.method === 'NodeWorker.attachedToWorker') workers.push(msg.params.sessionId);
		};
		ws.on('message', (data) => attached(JSON.parse(String(data))));
		await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
		await new Promise((r) => setTimeout(r, 200));
		for (const sessionId of workers) {
			const inWorker = async (method) => {
				const my = ++id;
				const answer = reply(
					(msg) =>
						msg.method === 'NodeWorker.receivedMessageFromWorker' && msg.params.sessionId === sessionId && JSON.parse(msg.params.message).id === my
							? (JSON.parse(msg.params.message).result ?? {})
							: undefined,
					`${method} in a worker`
				);
				await call('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id: my, method }) });
				return answer;
			};
			await inWorker('HeapProfiler.collectGarbage');
			await inWorker('HeapProfiler.collectGarbage');
			used += (await inWorker('Runtime.getHeapUsage')).usedSize;
		}
		await call('NodeWorker.disable');
		return used;
	} finally {
		ws.close();
	}
}

async function startServer(kind, scenarioId, { inspect = false } = {}) {
	const port = await freePort();
	const inspectPort = inspect ? await freePort() : null;
	const prof = [...profileArgs(kind, scenarioId), ...(inspect ? [`--inspect=127.0.0.1:${inspectPort}`] : [])];
	let child;
	if (isOurs(kind)) {
		const app = apps[appOf(kind)];
		child = pinned(1, appStartWith(prof), { cwd: appDir, env: appEnv(port, app.dataDir, { ...app.env, BENCH_VARIANT: variantOf(kind) }), stdio: ['pipe', 'pipe', 'pipe'] });
	} else {
		const script = path.join(ROOT, 'scripts', 'bench', kind === 'yws' ? 'yws-server.js' : 'hocuspocus-server.js');
		child = pinned(1, [...prof, script], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['pipe', 'pipe', 'pipe'] });
	}
	track(child);
	let output = '';
	// The whole output is kept in the run's temporary folder (with --keep, for --node-args).
	const logFile = fs.createWriteStream(path.join(tmp, `${kind}-${scenarioId}-${Date.now()}.log`));
	child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
	child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
	child.stdout.pipe(logFile);
	child.stderr.pipe(logFile);
	try {
		if (isOurs(kind)) await waitHealthy(port, child);
		else await waitForPort(port, child);
	} catch (err) {
		child.kill('SIGKILL');
		throw new Error(`${kind} did not start: ${err.message}\n${output.slice(-3000)}`);
	}
	return { kind, port, inspectPort, child, output: () => output };
}

/** What the generator needs to reach `kind`: URL, origin, cookies, room names. */
function target(kind, server) {
	if (isOurs(kind)) {
		return {
			protocol: 'y-websocket',
			url: `ws://localhost:${server.port}/collab`,
			origin: `http://localhost:${server.port}`
		};
	}
	if (kind === 'yws') return { protocol: 'y-websocket', url: `ws://127.0.0.1:${server.port}` };
	return { protocol: 'hocuspocus', url: `ws://127.0.0.1:${server.port}` };
}

// ---- one run: a scenario against a server ----------------------------------------------------
async function runOne(kind, scenario) {
	const quietBefore = await waitForQuiet();
	const server = await startServer(kind, scenario.id, { inspect: Boolean(scenario.idle) });
	await sleep(1000); // let start-up work settle before the baseline
	const sampling = sampler(server.child.pid, kind === 'ours-pg');
	// Rooms: our notes (one set per run), or names for the others.
	const roomCount = scenario.rooms.length;
	const names = isOurs(kind) ? takeNotes(kind, roomCount + (scenario.idle ? 1 : 0)) : scenario.rooms.map((_, i) => `${scenario.id}-${i}`);
	const rooms = scenario.rooms.map((clients, i) => ({ name: names[i], clients }));
	// With light editors each room has one more client, its checker (see generator.js).
	const totalClients = scenario.rooms.reduce((a, b) => a + b, 0) + (scenario.light ? roomCount : 0);
	const config = {
		...target(kind, server),
		rooms,
		light: Boolean(scenario.light),
		cookies: isOurs(kind) ? apps[appOf(kind)].cookies.slice(0, totalClients) : undefined,
		editIntervalMs: scenario.editIntervalMs,
		connectRate: P.connectRate,
		connectTimeoutMs: 60_000,
		warmupMs: COMMON.warmupMs,
		durationMs: scenario.durationMs ?? P.durationMs,
		drainMs: COMMON.drainMs,
		idle: scenario.idle
			? {
					...scenario.idle,
					warmupRoom: isOurs(kind) ? names[roomCount] : `${scenario.id}-warmup`,
					warmupCookie: isOurs(kind) ? apps[appOf(kind)].cookies[totalClients] : undefined
				}
			: undefined,
		deadlineMs: 10 * 60_000
	};
	const configFile = path.join(tmp, `gen-${kind}-${scenario.id}.json`);
	fs.writeFileSync(configFile, JSON.stringify(config));
	const gen = track(pinned(0, [...GENERATOR_NODE_ARGS, path.join(ROOT, 'scripts', 'bench', 'generator.js'), configFile], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
	sampling.setGenerator(gen.pid);
	const phases = {};
	const heap = {};
	const gcs = [];
	let result = null;
	const measureAt = new Set(['baseline-start', 'hold1-start', 'hold-start']);
	let buffer = '';
	gen.stdout.on('data', (chunk) => {
		buffer += chunk;
		let nl;
		while ((nl = buffer.indexOf('\n')) >= 0) {
			const line = buffer.slice(0, nl);
			buffer = buffer.slice(nl + 1);
			if (!line.trim()) continue;
			let msg;
			try {
				msg = JSON.parse(line);
			} catch {
				continue;
			}
			if (msg.event === 'phase') {
				phases[msg.name] = Date.now();
				if (server.inspectPort && measureAt.has(msg.name)) {
					const name = msg.name;
					const snapshot = SNAPSHOT_DIR && name !== 'baseline-start' ? path.join(path.resolve(SNAPSHOT_DIR), `${kind}-${scenario.id}-${name}-${Date.now()}.heapsnapshot`) : null;
					gcs.push(
						forceGc(server.inspectPort, snapshot)
							.then((used) => {
								heap[name] = used;
								phases[`${name}-gc`] = Date.now();
							})
							.catch((err) => log(`  forcing a GC in ${kind} failed: ${err.message}`))
					);
				}
			} else if (msg.event === 'result') result = msg;
		}
	});
	let genErr = '';
	gen.stderr.on('data', (d) => {
		genErr = (genErr + d).slice(-5000);
		for (const line of String(d).split('\n').filter(Boolean)) log(`  ${line}`);
	});
	const genExit = new Promise((r) => gen.once('exit', r));
	const timeout = sleep(config.deadlineMs + 30_000).then(() => 'timeout');
	if ((await Promise.race([genExit, timeout])) === 'timeout') {
		gen.kill('SIGKILL');
		throw new Error(`generator for ${kind}/${scenario.id} did not finish`);
	}
	await Promise.all(gcs);
	sampling.stop();
	const s = sampling.samples;
	const serverAlive = server.child.exitCode === null;
	await stopProcess(server.child);
	if (!result) throw new Error(`generator for ${kind}/${scenario.id} gave no result:\n${genErr}`);
	if (!serverAlive) log(`  WARNING: ${kind} exited during the run:\n${server.output().slice(-2000)}`);

	const run = { server: kind, scenario: scenario.id, label: scenario.label, generator: result, phases, quietBefore };
	run.peakRssMb = Math.max(...s.map((x) => x.rssKb)) / 1024;
	if (scenario.idle) {
		// RSS is read after the forced GC, as the lowest value to the end of each quiet window.
		const from = (name) => phases[`${name}-gc`] ?? phases[name];
		const before = settledRss(s, from('baseline-start'), phases['baseline-end']);
		const after = settledRss(s, from('hold-start'), phases['hold-end']);
		const afterHalf = settledRss(s, from('hold1-start'), phases['hold1-end']);
		const half = Math.ceil(roomCount / 2);
		if (heap['hold1-start'] !== undefined && heap['hold-start'] !== undefined) {
			run.heapPerIdleDocKb = (heap['hold-start'] - heap['hold1-start']) / 1024 / (roomCount - half);
			if (heap['baseline-start'] !== undefined) run.heapPerIdleDocAllKb = (heap['hold-start'] - heap['baseline-start']) / 1024 / roomCount;
		}
		run.rssBeforeMb = before / 1024;
		run.rssAfterHalfMb = afterHalf / 1024;
		run.rssAfterMb = after / 1024;
		// RSS per idle document is read over the second half: one more document once start-up
		// effects are behind (a large process such as ours can return tens of MB in the first
		// seconds, more than N documents cost). Over all N it is kept for reference.
		run.rssPerIdleDocKb = (after - afterHalf) / (roomCount - half);
		run.rssPerIdleDocAllKb = (after - before) / roomCount;
		run.serverCpuPercent = cpuPercent(s, phases['hold-start'], phases['hold-end']);
		run.serverCpuConnectPercent = cpuPercent(s, phases.connecting, phases.connected);
		run.foreignCpuPercent = foreignPercent(s, phases.connecting, phases['hold-end']);
		if (kind === 'ours-pg') run.dbCpuPercent = cpuPercent(s, phases['hold-start'], phases['hold-end'], 'dbCpuS');
	} else {
		run.foreignCpuPercent = foreignPercent(s, phases['steady-start'], phases['steady-end']);
		if (kind === 'ours-pg') run.dbCpuPercent = cpuPercent(s, phases['steady-start'], phases['steady-end'], 'dbCpuS');
		run.serverCpuPercent = cpuPercent(s, phases['steady-start'], phases['steady-end']);
		run.serverCpuConnectPercent = cpuPercent(s, phases.connecting, phases.connected);
		run.meanRssMb = meanRss(s, phases['steady-start'], phases['steady-end']) / 1024;
	}
	run.serverOutputTail = server.output().slice(-1500);
	return run;
}

// ---- scenarios ---------------------------------------------------------------------------------
const scenarios = {
	rooms: () => ({
		id: `rooms${P.rooms}`,
		label: `${P.rooms} rooms × ${P.perRoom}, 1 edit/room/2 s`,
		rooms: Array(P.rooms).fill(P.perRoom),
		editIntervalMs: P.roomIntervalMs
	}),
	hot: (n) => ({
		id: `hot${n}`,
		label: `1 room × ${n} editors, 2 edits/s each`,
		rooms: [n],
		// Editors take turns, so each edits every 500 ms.
		editIntervalMs: 1000 / (2 * n),
		// Editors read incoming updates' headers instead of integrating them (a checker client
		// integrates all): otherwise the generator's work, the square of the editors, is what
		// the latency measures.
		light: true
	}),
	idle: () => ({
		id: `idle${P.idle}`,
		label: `${P.idle} idle docs, 1 client each`,
		rooms: Array(P.idle).fill(1),
		editIntervalMs: 0,
		idle: { baselineMs: 6000, settleMs: 3000, holdMs: 6000 }
	})
};

// ---- report ----------------------------------------------------------------------------------
/**
 * The p-th percentile of every edit of these runs together. A run's p99 is its 30th–75th worst
 * edit, so it is set by a few collections or bursts landing on edits, and moves by up to 2×
 * between identical runs; over all runs' edits it moves far less, and the ratio of two servers'
 * pooled p99s is what the aim is judged by when there are several runs.
 */
function pooledPercentile(runs, p) {
	return percentile(runs.flatMap((r) => r.generator.samples?.allPeers ?? []), p);
}

const fmt = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));

function table(runs) {
	const lines = [];
	lines.push(
		'| scenario | server | edits (complete) | latency p50 / p95 / p99 ms | connect+sync p50 / p99 ms | server CPU % | peak RSS MB | RSS / JS heap per idle doc KB | generator CPU % | other CPU % |'
	);
	lines.push('|---|---|---|---|---|---|---|---|---|---|');
	for (const r of runs) {
		const g = r.generator;
		const lat = g.latencyAllPeersMs;
		const edits = r.rssPerIdleDocKb !== undefined ? `– (${g.synced}/${g.clients} synced)` : `${g.editsSent} (${fmt((100 * g.editsComplete) / Math.max(1, g.editsSent), 1)}%)`;
		const p99Runs = r.p99Runs ? ` (runs: ${r.p99Runs.map((v) => fmt(v)).join(', ')}; all runs' edits: ${fmt(r.p99Pooled)})` : '';
		lines.push(
			`| ${r.label} | ${r.server} | ${edits} | ${fmt(lat.p50)} / ${fmt(lat.p95)} / ${fmt(lat.p99)}${p99Runs} | ${fmt(g.connectSyncMs.p50)} / ${fmt(g.connectSyncMs.p99)} | ${fmt(r.serverCpuPercent, 0)}${r.dbCpuPercent !== undefined ? ` (+${fmt(r.dbCpuPercent, 0)} db)` : ''} | ${fmt(r.peakRssMb, 0)} | ${r.rssPerIdleDocKb === undefined ? '–' : `${fmt(r.rssPerIdleDocKb, 1)} / ${fmt(r.heapPerIdleDocKb, 1)}`} | ${fmt(g.generatorCpuPercent, 0)}${g.generatorCpuPercent >= GENERATOR_LIMIT ? ' (limit)' : ''} | ${fmt(r.foreignCpuPercent, 0)} |`
		);
	}
	return lines.join('\n');
}

function ratios(runs) {
	const lines = ['| scenario | ours | best other | ratio ours / best | aim | met |', '|---|---|---|---|---|---|'];
	const byScenario = new Map();
	for (const r of runs) {
		if (!byScenario.has(r.scenario)) byScenario.set(r.scenario, []);
		byScenario.get(r.scenario).push(r);
	}
	for (const [, list] of byScenario) for (const variant of ['ours', 'ours-pg']) {
		const mine = list.find((r) => r.server === variant);
		const others = list.filter((r) => !isOurs(r.server));
		if (!mine || !others.length) continue;
		const limited = list.filter((r) => r.generator.generatorCpuPercent >= GENERATOR_LIMIT);
		if (limited.length && mine.rssPerIdleDocKb === undefined) {
			lines.push(`| ${mine.label}: latency p99 | ${variant} ${fmt(mine.generator.latencyAllPeersMs.p99)} ms | – | n/a: the generator was the limit (${limited.map((r) => r.server).join(', ')}) | ≤ 1.2 | – |`);
			continue;
		}
		if (mine.rssPerIdleDocKb !== undefined) {
			const best = others.reduce((a, b) => (b.rssPerIdleDocKb < a.rssPerIdleDocKb ? b : a));
			// Below ~1 KB a document's cost is lost in the noise of RSS; no ratio then.
			const ratio = best.rssPerIdleDocKb >= 1 ? mine.rssPerIdleDocKb / best.rssPerIdleDocKb : null;
			const met = ratio === null ? (mine.rssPerIdleDocKb < 1 ? 'yes' : 'no') : ratio <= 1 ? 'yes' : 'no';
			lines.push(`| ${mine.label}: RSS per idle doc | ${variant} ${fmt(mine.rssPerIdleDocKb)} KB | ${fmt(best.rssPerIdleDocKb)} KB (${best.server}) | ${ratio === null ? 'n/a (too small to measure)' : fmt(ratio, 2)} | ≤ 1.0 | ${met} |`);
			if (mine.heapPerIdleDocKb !== undefined) {
				const bestHeap = others.reduce((a, b) => ((b.heapPerIdleDocKb ?? Infinity) < (a.heapPerIdleDocKb ?? Infinity) ? b : a));
				lines.push(`| ${mine.label}: JS heap per idle doc | ${variant} ${fmt(mine.heapPerIdleDocKb)} KB | ${fmt(bestHeap.heapPerIdleDocKb)} KB (${bestHeap.server}) | ${fmt(mine.heapPerIdleDocKb / bestHeap.heapPerIdleDocKb, 2)} | (for reference) | |`);
			}
		} else {
			// With several runs, the p99 of all their edits together (see pooledPercentile); the
			// median run's ratio is shown beside it.
			const pooled = mine.p99Pooled != null && others.every((r) => r.p99Pooled != null);
			const p99 = (r) => (pooled ? r.p99Pooled : r.generator.latencyAllPeersMs.p99);
			const best = others.reduce((a, b) => (p99(b) < p99(a) ? b : a));
			const ratio = p99(mine) / p99(best);
			const medianRatio = mine.generator.latencyAllPeersMs.p99 / best.generator.latencyAllPeersMs.p99;
			// Other processes using half a core or more during either run make the ratio doubtful.
			const busy = Math.max(mine.foreignCpuPercent ?? 0, best.foreignCpuPercent ?? 0);
			const note = busy >= 50 ? ` (disturbed: other processes used ${fmt(busy, 0)}% of a core)` : '';
			const what = pooled ? `latency p99 of all ${mine.p99Runs.length} runs' edits` : 'latency p99';
			const beside = pooled ? ` (median runs: ${fmt(medianRatio, 2)})` : '';
			lines.push(`| ${mine.label}: ${what} | ${variant} ${fmt(p99(mine))} ms | ${fmt(p99(best))} ms (${best.server}) | ${fmt(ratio, 2)}${beside} | ≤ 1.2 | ${ratio <= 1.2 ? 'yes' : 'no'}${note} |`);
		}
	}
	return lines.join('\n');
}

// ---- main --------------------------------------------------------------------------------------
async function main() {
	const t0 = Date.now();
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-bench-'));
	log(`${QUICK ? 'quick' : 'full'} run; servers ${SERVERS.join(', ')}; scenarios ${SCENARIOS.join(', ')}`);
	if (!HAS_TASKSET) log('WARNING: taskset is missing: server and generator are NOT pinned to separate cores');
	else if (CORES < 2) log(`WARNING: only ${CORES} core: server and generator share it`);
	else log(`pinning: server on core 1, generator on core 0 (${CORES} cores)`);

	const plan = [];
	if (SCENARIOS.includes('rooms')) plan.push(scenarios.rooms());
	if (SCENARIOS.includes('hot')) plan.push(scenarios.hot(P.hot[0]));
	if (SCENARIOS.includes('idle')) plan.push(scenarios.idle());
	for (const kind of [...new Set(SERVERS.filter(isOurs).map(appOf))]) {
		const users = Math.max(P.rooms * P.perRoom, ...P.hot.map((n) => n + 1), P.idle + 1);
		const notes = SERVERS.filter(isOurs).length * REPEAT * (P.rooms + P.hot.length + P.idle + 1) + 4;
		await prepareOurs(kind, users, notes);
	}

	const runs = [];
	const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() || null;
	const builtAt = fs.existsSync(path.join(ROOT, 'build', 'handler.js')) ? fs.statSync(path.join(ROOT, 'build', 'handler.js')).mtime.toISOString() : null;
	const results = { quick: QUICK, pinned: PIN, cores: CORES, repeat: REPEAT, params: P, commit, builtAt, started: new Date(t0).toISOString(), runs, allRuns: [] };
	const jsonFile = option('json', path.join(os.tmpdir(), `roundtable-bench-collab-${t0}.json`));
	const save = () => fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2));

	const runScenario = async (scenario) => {
		const all = [];
		for (let rep = 1; rep <= REPEAT; rep++) {
			for (const kind of SERVERS) {
				const t = Date.now();
				log(`${scenario.label} → ${kind}${REPEAT > 1 ? ` (run ${rep} of ${REPEAT})` : ''}`);
				const run = await runOne(kind, scenario);
				run.repeat = rep;
				run.wallS = (Date.now() - t) / 1000;
				const g = run.generator;
				log(
					`  ${kind}: p50/p99 ${fmt(g.latencyAllPeersMs.p50)}/${fmt(g.latencyAllPeersMs.p99)} ms, connect p99 ${fmt(g.connectSyncMs.p99)} ms, ` +
						`server CPU ${fmt(run.serverCpuPercent, 0)}%, peak RSS ${fmt(run.peakRssMb, 0)} MB` +
						(run.rssPerIdleDocKb !== undefined ? `, ${fmt(run.rssPerIdleDocKb)} KB/idle doc` : '') +
						`, generator CPU ${fmt(g.generatorCpuPercent, 0)}%` +
						(g.generatorGcPauseMs?.n ? ` (GC pauses p99/max ${fmt(g.generatorGcPauseMs.p99)}/${fmt(g.generatorGcPauseMs.max)} ms)` : '') +
						`, other processes ${fmt(run.foreignCpuPercent, 0)}%, ${g.synced}/${g.clients} synced, ` +
						`edits ${g.editsComplete}/${g.editsSent} complete, rooms ending right ${g.roomsConverged}` +
						(g.unrecognisedUpdates ? `, ${g.unrecognisedUpdates} updates not recognised` : '') +
						(Object.keys(g.closeCodes).length ? `, closes ${JSON.stringify(g.closeCodes)}` : '') +
						` (${fmt(run.wallS, 0)} s)`
				);
				all.push(run);
				results.allRuns.push(run);
				save();
				await sleep(1000);
			}
		}
		// Per server, the median run by p99 (the upper middle one when N is even): p99 moves by
		// 2× between identical runs (garbage collections and the generator's own pauses landing
		// on edits), in every server alike, so one run proves little and the median least
		// depends on luck. Memory per idle document is noisy for another reason (what the
		// collector has not returned yet): its mean is shown.
		const p99 = (r) => r.generator.latencyAllPeersMs?.p99 ?? 0;
		const list = SERVERS.map((kind) => {
			const mine = all.filter((r) => r.server === kind);
			const pick = { ...[...mine].sort((a, b) => p99(a) - p99(b))[Math.floor(mine.length / 2)] };
			if (mine.length > 1 && !scenario.idle) {
				pick.p99Runs = mine.map((r) => r.generator.latencyAllPeersMs.p99);
				pick.p99Pooled = pooledPercentile(mine, 99);
			}
			if (scenario.idle && mine.length > 1) {
				const mean = (key) => (mine.every((r) => typeof r[key] === 'number') ? mine.reduce((a, r) => a + r[key], 0) / mine.length : pick[key]);
				for (const key of ['rssPerIdleDocKb', 'rssPerIdleDocAllKb', 'heapPerIdleDocKb', 'heapPerIdleDocAllKb']) pick[key] = mean(key);
				pick.meanOf = mine.length;
			}
			return pick;
		});
		runs.push(...list);
		save();
		return list;
	};

	for (const scenario of plan) {
		const list = await runScenario(scenario);
		// The bigger hot room always runs: with light editors the generator's work per delivery is
		// small (50 editors: 14-24% of its core; 100: 38-52%), and a run where it reaches its limit
		// anyway is marked so and given no ratio.
		if (scenario.id.startsWith('hot') && P.hot[1]) await runScenario(scenarios.hot(P.hot[1]));
	}

	results.wallS = (Date.now() - t0) / 1000;
	save();
	console.log(`\nCollaboration servers, ${QUICK ? 'quick' : 'full'} run, ${PIN ? 'server on core 1, generator on core 0' : 'NOT pinned'}; app at ${commit ?? '?'} (build/ of ${builtAt ?? '?'})`);
	console.log('Latency: edit sent → the last other client of the room has it (open loop).');
	console.log('CPU % is of one core; "other CPU %" is what the rest of the machine used meanwhile (noise).\n');
	console.log(table(runs));
	console.log('\nOurs against the better of the other two:\n');
	console.log(ratios(runs));
	for (const note of results.notes ?? []) console.log(`\nNote: ${note}`);
	console.log(`\nTotal ${fmt(results.wallS / 60, 1)} min. Raw figures: ${jsonFile}`);
}

main()
	.then(() => process.exit(0))
	.catch((err) => {
		console.error(`bench failed: ${err.stack ?? err}`);
		process.exit(1);
	});
