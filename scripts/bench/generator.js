// Open-loop load generator for `npm run bench:collab` (started by scripts/bench/collab.js).
//
//   node --max-semi-space-size=1 scripts/bench/generator.js <config.json>
//
// (the Node option as collab.js gives it: see GENERATOR_NODE_ARGS there)
//
// Simulated editors are Yjs clients in this one process: the stock y-websocket
// WebsocketProvider (BroadcastChannel disabled, so every update goes through the server) or
// Hocuspocus' own HocuspocusProvider. Each room has an edit schedule fixed in advance
// (open loop: an edit is sent when its time comes, whether or not earlier edits have arrived);
// the room's editors take turns. An edit inserts a marker `[#<id>]` into the shared text; every
// other client of the room notes when the edit reaches it. The generator reports, as JSON
// lines on stdout: phase events (for the orchestrator's server sampling) and one final result.
// Progress and errors go to stderr. Every wait is bounded; the process exits by itself.
import { readFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { percentile } from './percentile.js';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
/*
 cfg = {
   protocol: 'y-websocket' | 'hocuspocus',
   url: string,               // y-websocket: base URL (room appended); hocuspocus: the socket URL
   origin?: string,           // Origin header sent on upgrade
   rooms: [{ name, clients }],
   light?: boolean,           // editors read an update's header instead of integrating it, and
                              // each room gets one more client, a checker that integrates all
   cookies?: string[],        // one per client, in order of rooms then clients (our server)
   editIntervalMs: number,    // one edit per room per interval, editors in turn; 0 = no edits
   connectRate: number,       // new connections per second during the ramp
   connectTimeoutMs, warmupMs, durationMs, drainMs,
   idle?: { baselineMs, settleMs, holdMs, warmupRoom, warmupCookie }, // no edits; two halves
   deadlineMs: number         // hard limit for the whole run
 }
*/

// Every y-websocket provider adds a process 'exit' listener; hundreds are expected here.
process.setMaxListeners(0);

const started = performance.now();
const hardStop = setTimeout(() => {
	process.stderr.write('generator: hard deadline reached, exiting\n');
	emit({ event: 'result', error: 'deadline', ...summary() });
	process.exit(2);
}, cfg.deadlineMs);
hardStop.unref();
// The orchestrator holds our stdin open; when it goes away, so do we.
process.stdin.on('end', () => process.exit(3));
process.stdin.resume();

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const log = (msg) => process.stderr.write(`generator: ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const phase = (name) => emit({ event: 'phase', name, t: Date.now() });

// --- the shared starting document -------------------------------------------------------
// Every client applies the same update (same client id and clocks, so it merges as one) before
// connecting: a ProseMirror-shaped note, fragment "default" > paragraph > text, the way the
// editor writes it. All clients then edit that one XmlText (a Y.Text).
const INITIAL_TEXT = 'Minutes of the board meeting. ';
const marker = (id) => `[#${id}]`;
const INITIAL = (() => {
	const doc = new Y.Doc();
	doc.clientID = 1;
	const p = new Y.XmlElement('paragraph');
	doc.getXmlFragment('default').insert(0, [p]);
	const t = new Y.XmlText();
	p.insert(0, [t]);
	t.insert(0, INITIAL_TEXT);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
})();
const textOf = (doc) => doc.getXmlFragment('default').get(0).get(0);

// --- measurements -------------------------------------------------------------------------
const edits = new Map(); // id -> { sentAt, expected, got }
const deliveryLatencies = []; // every (edit, receiving peer) pair
const connectLatencies = []; // provider created -> first synced
const scheduleLag = []; // actual send - scheduled send
// The generator's own garbage-collection pauses during the edit phase: every edit in flight
// during one is late by it, whichever server is measured (see GENERATOR_NODE_ARGS in collab.js).
// Entries reach the observer later than they happen: they are kept by when they started.
const gcEntries = [];
const gcWindow = { from: Infinity, to: Infinity };
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) gcEntries.push([entry.startTime, entry.duration]);
}).observe({ entryTypes: ['gc'] });
/** [start, duration] of the generator's own collections during the edit phase. */
const gcInWindow = () => gcEntries.filter(([start]) => start >= gcWindow.from && start < gcWindow.to);
const closeCodes = new Map();
let editPhaseStart = null;
// [ms into the edit phase it was sent, latency until the last peer had it] of every complete
// edit: the all-peers figures, the figures by second and the slowest edits all come from it.
const completed = [];
let nextEditId = 1;
let sent = 0;
// Which edit is which Yjs item: each author's edits by clock, in order. A receiver learns what a
// remote transaction brought from its before/after state vectors, so recognising an edit costs
// O(1) and never scans the text (a text observer's delta walks the whole text, which made the
// generator itself the bottleneck in a hot room).
const authored = new Map(); // author clientID -> [{ clock, id }] in clock order

/** Called after every remote transaction of a client: records the edits it brought. */
function onRemoteTransaction(client, tr) {
	if (tr.local || client.checker) return;
	const at = now();
	for (const [author, after] of tr.afterState) {
		const before = tr.beforeState.get(author) ?? 0;
		if (after > before) arrived(client, author, before, after, at);
	}
}

/** The author's edits whose items start in [from, to) have reached `client`. */
function arrived(client, author, from, to, at) {
	const list = authored.get(author);
	if (!list) return;
	let i = client.cursors.get(author) ?? 0;
	for (; i < list.length && list[i].clock < to; i++) {
		if (list[i].clock < from) continue;
		const e = edits.get(list[i].id);
		if (!e) continue;
		const latency = at - e.sentAt;
		deliveryLatencies.push(latency);
		e.got++;
		if (e.got === e.expected) {
			completed.push([e.sentAt - (editPhaseStart ?? e.sentAt), latency]);
		}
	}
	client.cursors.set(author, i);
}

// --- light receiving (cfg.light) ------------------------------------------------------------
// In a hot room every edit is integrated by every other editor, all in this one process: its
// work grows with the square of the editors and the generator, not the server, set the
// latency. A light editor reads only the header of an incoming update (the author's client id
// and the clock its first item starts at: O(1), nothing built) and keeps a document with the
// starting text and its own edits, which is all it needs to type. The server's work is the
// same: it still receives, integrates (ours and Hocuspocus), stores (ours) and relays every
// edit. Nor does a light editor apply the others' awareness updates (it still sends its own):
// the providers renew their awareness every 15 s, all at the same moment when the editors
// connected together, and the generator's applying of 50 × 50 of them at once delayed the edits
// around it (by up to 150 ms) for every server. One checker client per room integrates
// every edit and awareness update, and must end with every edit.

/** A sync message's update header: { author, clock } of its first item, or null. */
function updateHeader(decoder) {
	const update = decoding.readVarUint8Array(decoder);
	const d = decoding.createDecoder(update);
	if (decoding.readVarUint(d) !== 1) return null; // updates from more than one author: not an edit
	decoding.readVarUint(d); // number of structs
	return { author: decoding.readVarUint(d), clock: decoding.readVarUint(d) };
}

/** Handles an incoming sync message lightly if it is an update; false if the caller should. */
function receiveLightly(client, decoder) {
	const start = decoder.pos;
	if (decoding.readVarUint(decoder) !== 2 /* update */) {
		decoder.pos = start;
		return false;
	}
	const header = updateHeader(decoder);
	if (header) arrived(client, header.author, header.clock, header.clock + 1, now());
	else unrecognised++;
	return true;
}
let unrecognised = 0;

// --- clients --------------------------------------------------------------------------------
function socketClass(headers) {
	return class extends WebSocket {
		constructor(address, protocols) {
			super(address, protocols, { headers, perMessageDeflate: false });
		}
	};
}

class Client {
	constructor(room, cookie, checker = false) {
		this.room = room;
		this.checker = checker;
		const light = cfg.light && !checker;
		this.doc = new Y.Doc();
		Y.applyUpdate(this.doc, INITIAL);
		this.text = textOf(this.doc);
		this.cursors = new Map(); // author clientID -> index into authored.get(author)
		this.doc.on('afterTransaction', (tr) => onRemoteTransaction(this, tr));
		this.synced = false;
		const headers = {};
		if (cfg.origin) headers.origin = cfg.origin;
		if (cookie) headers.cookie = cookie;
		const WS = socketClass(headers);
		this.createdAt = now();
		const onSynced = () => {
			if (this.synced) return;
			this.synced = true;
			connectLatencies.push(now() - this.createdAt);
		};
		if (cfg.protocol === 'hocuspocus') {
			this.provider = new HocuspocusProvider({ url: cfg.url, name: room.name, document: this.doc, WebSocketPolyfill: WS });
			if (light) {
				// Its messages are <document name> <type> ...; only sync (0) updates are read lightly.
				const full = this.provider.onMessage.bind(this.provider);
				this.provider.onMessage = (event) => {
					const decoder = decoding.createDecoder(new Uint8Array(event.data));
					decoding.readVarString(decoder);
					const type = decoding.readVarUint(decoder);
					if (type === 1 /* awareness */) return;
					if (type !== 0 /* sync */ || !receiveLightly(this, decoder)) full(event);
				};
			}
			this.provider.on('synced', onSynced);
			this.provider.on('close', ({ event }) => countClose(event?.code));
		} else {
			this.provider = new WebsocketProvider(cfg.url, room.name, this.doc, { WebSocketPolyfill: WS, disableBc: true });
			// Our server's own messages (persisted acknowledgements, read/write mode): read, ignored.
			this.provider.messageHandlers[100] = () => {};
			this.provider.messageHandlers[101] = () => {};
			if (light) {
				const full = this.provider.messageHandlers[0];
				this.provider.messageHandlers[0] = (encoder, decoder, ...rest) => receiveLightly(this, decoder) || full(encoder, decoder, ...rest);
				this.provider.messageHandlers[1] = () => {}; // awareness
			}
			this.provider.on('sync', (isSynced) => isSynced && onSynced());
			this.provider.on('connection-close', (event) => countClose(event?.code));
		}
	}

	/** Types a marker at a random place; the item's clock identifies the edit on arrival. */
	edit(id) {
		const me = this.doc.clientID;
		if (!authored.has(me)) authored.set(me, []);
		authored.get(me).push({ clock: Y.getState(this.doc.store, me), id });
		const pos = Math.floor(Math.random() * (this.text.length + 1));
		this.text.insert(pos, marker(id));
	}

	destroy() {
		try {
			this.provider.destroy();
		} catch {
			/* already gone */
		}
	}
}

function countClose(code) {
	if (stopping) return;
	closeCodes.set(code ?? 'none', (closeCodes.get(code ?? 'none') ?? 0) + 1);
}

// --- helpers --------------------------------------------------------------------------------
const stats = (values) => ({
	n: values.length,
	p50: percentile(values, 50),
	p95: percentile(values, 95),
	p99: percentile(values, 99),
	max: percentile(values, 100)
});

let stopping = false;
let clients = [];
let cpuSteady = null;
let wallSteady = null;

async function connectAll(list) {
	const t0 = now();
	const created = [];
	for (let i = 0; i < list.length; i++) {
		const due = t0 + (i * 1000) / cfg.connectRate;
		const wait = due - now();
		if (wait > 1) await sleep(wait);
		created.push(new Client(list[i].room, list[i].cookie, list[i].checker));
	}
	const deadline = now() + cfg.connectTimeoutMs;
	while (now() < deadline && created.some((c) => !c.synced)) await sleep(50);
	const missing = created.filter((c) => !c.synced).length;
	if (missing) log(`${missing} of ${created.length} clients did not sync within ${cfg.connectTimeoutMs} ms`);
	return created;
}

function plan() {
	const list = [];
	let k = 0;
	for (const room of cfg.rooms) {
		for (let i = 0; i < room.clients; i++) list.push({ room, cookie: cfg.cookies?.[k++] });
		if (cfg.light) list.push({ room, cookie: cfg.cookies?.[k++], checker: true });
	}
	return list;
}

/** Open loop: each room's edits are due at fixed times from a random phase, editors in turn. */
async function editPhase() {
	const interval = cfg.editIntervalMs;
	const t0 = now() + 50;
	const end = t0 + cfg.durationMs;
	editPhaseStart = t0;
	const byRoom = new Map();
	for (const c of clients) {
		if (c.checker) continue;
		if (!byRoom.has(c.room)) byRoom.set(c.room, []);
		byRoom.get(c.room).push(c);
	}
	const timers = [];
	await new Promise((resolve) => {
		let running = byRoom.size;
		for (const [, members] of byRoom) {
			let k = 0;
			let due = t0 + Math.random() * interval;
			const fire = () => {
				const t = now();
				// Everything that has come due is sent now, late or not: the schedule never waits.
				while (due <= t && due < end) {
					const author = members[k++ % members.length];
					const peers = members.filter((m) => m !== author && m.synced).length;
					const id = nextEditId++;
					const sentAt = now();
					edits.set(id, { sentAt, expected: peers, got: 0 });
					scheduleLag.push(sentAt - due);
					if (author.synced) {
						author.edit(id);
						sent++;
						const { clientID } = author.doc;
						const record = { author: clientID, end: Y.getState(author.doc.store, clientID), length: marker(id).length };
						(sentByRoom.get(author.room) ?? sentByRoom.set(author.room, []).get(author.room)).push(record);
					} else edits.delete(id);
					due += interval;
				}
				if (due >= end) {
					if (--running === 0) resolve();
					return;
				}
				timers.push(setTimeout(fire, Math.max(0, due - now())));
			};
			timers.push(setTimeout(fire, Math.max(0, due - now())));
		}
		// Bounded regardless of timers.
		timers.push(setTimeout(resolve, cfg.durationMs + 5_000));
	});
	for (const t of timers) clearTimeout(t);
}

/** Rooms whose clients ended right (a check of the whole run): the same text at every synced
 *  client or, with light editors, every edit integrated at the room's checker: each author's
 *  state covers its last edit and the text is the starting text plus every marker. (The
 *  markers themselves cannot be searched for: an edit may land inside an earlier marker.) */
let converged = null;
const sentByRoom = new Map(); // room -> [{ author, end, length }] of the edits sent in it
function convergence() {
	const byRoom = new Map();
	for (const c of clients) {
		if (!c.synced || (cfg.light && !c.checker)) continue;
		if (!byRoom.has(c.room)) byRoom.set(c.room, []);
		byRoom.get(c.room).push(c);
	}
	let same = 0;
	for (const [room, list] of byRoom) {
		if (cfg.light) {
			const checker = list[0];
			const sentEdits = sentByRoom.get(room) ?? [];
			const length = INITIAL_TEXT.length + sentEdits.reduce((sum, e) => sum + e.length, 0);
			const covered = sentEdits.every((e) => Y.getState(checker.doc.store, e.author) >= e.end);
			if (covered && checker.text.length === length) same++;
		} else if (list.every((c) => c.text.toString() === list[0].text.toString())) same++;
	}
	return `${same}/${byRoom.size}`;
}

function summary() {
	let complete = 0;
	let expectedDeliveries = 0;
	let deliveries = 0;
	for (const e of edits.values()) {
		expectedDeliveries += e.expected;
		deliveries += Math.min(e.got, e.expected);
		if (e.got >= e.expected) complete++;
	}
	const gcs = gcInWindow();
	const gcPauses = gcs.map(([, duration]) => duration);
	const allPeersLatencies = completed.map(([, latency]) => latency);
	// All-peers latencies by the second (of the edit phase) the edit was sent in: shows stalls.
	const secondBuckets = [];
	for (const [at, latency] of completed) (secondBuckets[Math.max(0, Math.floor(at / 1000))] ??= []).push(latency);
	const cpu = cpuSteady;
	return {
		clients: clients.length,
		synced: clients.filter((c) => c.synced).length,
		editsSent: sent,
		editsComplete: complete,
		deliveries,
		expectedDeliveries,
		roomsConverged: converged,
		lightReceiving: Boolean(cfg.light),
		unrecognisedUpdates: unrecognised,
		latencyAllPeersMs: stats(allPeersLatencies),
		// Every latency behind the figure above, to 0.01 ms: the orchestrator pools them over a
		// server's runs (a p99 over all of them moves less between sets than any one run's).
		samples: { allPeers: allPeersLatencies.map((ms) => Math.round(ms * 100) / 100) },
		latencyDeliveryMs: stats(deliveryLatencies),
		connectSyncMs: stats(connectLatencies),
		scheduleLagMs: stats(scheduleLag),
		generatorGcPauseMs: { ...stats(gcPauses), total: gcPauses.reduce((a, b) => a + b, 0) },
		// [ms into the edit phase, duration] of each of its own collections of 1 ms or more, to
		// tell the instrument's pauses from the server's in slowestEdits.
		generatorGcPauses: gcs
			.filter(([, duration]) => duration >= 1)
			.map(([start, duration]) => [Math.round(start - (editPhaseStart ?? start)), Math.round(duration * 10) / 10]),
		// [second, edits complete, p50, max] for each second of the edit phase
		latencyBySecond: secondBuckets.map((b, i) => [i, b?.length ?? 0, percentile(b ?? [], 50), percentile(b ?? [], 100)]),
		slowestEdits: completed
			.toSorted((a, b) => b[1] - a[1])
			.slice(0, 100)
			.map(([at, ms]) => [Math.round(at), Math.round(ms * 10) / 10]),
		generatorCpuPercent: cpu && wallSteady ? (100 * (cpu.user + cpu.system)) / 1000 / wallSteady : null,
		closeCodes: Object.fromEntries(closeCodes),
		elapsedMs: now() - started
	};
}

async function main() {
	if (cfg.idle) {
		// A first client warms the server's code paths; then the orchestrator reads the baseline.
		const warm = await connectAll([{ room: { name: cfg.idle.warmupRoom, clients: 1 }, cookie: cfg.idle.warmupCookie }]);
		warm.forEach((c) => c.destroy());
		await sleep(1000);
		phase('baseline-start');
		await sleep(cfg.idle.baselineMs);
		phase('baseline-end');
	}
	const list = plan();
	const cpuAll = process.cpuUsage();
	const wallAll = now();
	phase('connecting');
	log(`connecting ${list.length} clients in ${cfg.rooms.length} rooms at ${cfg.connectRate}/s`);
	if (cfg.idle) {
		// Idle documents open in two halves, each followed by a quiet hold: the orchestrator reads
		// the server's RSS after each, so the second half shows the cost of one more document
		// once start-up effects (caches filling, code compiled) are behind.
		const half = Math.ceil(list.length / 2);
		clients = await connectAll(list.slice(0, half));
		await sleep(cfg.idle.settleMs);
		phase('hold1-start');
		await sleep(cfg.idle.holdMs);
		phase('hold1-end');
		clients = clients.concat(await connectAll(list.slice(half)));
	} else {
		clients = await connectAll(list);
	}
	phase('connected');
	log(`${clients.filter((c) => c.synced).length} synced`);

	if (cfg.idle) {
		await sleep(cfg.idle.settleMs);
		phase('hold-start');
		await sleep(cfg.idle.holdMs);
		phase('hold-end');
		// No edit phase: the generator's CPU over connecting and holding.
		cpuSteady = process.cpuUsage(cpuAll);
		wallSteady = now() - wallAll;
	} else if (cfg.editIntervalMs > 0) {
		await sleep(cfg.warmupMs);
		// Edits are counted from here on; every edit starts with got = 0.
		const cpu0 = process.cpuUsage();
		const wall0 = now();
		phase('steady-start');
		gcWindow.from = performance.now();
		await editPhase();
		gcWindow.to = performance.now();
		cpuSteady = process.cpuUsage(cpu0);
		wallSteady = now() - wall0;
		phase('steady-end');
		// Let the last edits arrive (bounded).
		const drainEnd = now() + cfg.drainMs;
		const incomplete = () => [...edits.values()].some((e) => e.got < e.expected);
		while (now() < drainEnd && incomplete()) await sleep(100);
		phase('drained');
	}
	stopping = true;
	converged = convergence();
	const result = summary();
	for (const c of clients) c.destroy();
	emit({ event: 'result', ...result });
	await sleep(200);
	process.exit(0);
}

main().catch((err) => {
	log(`failed: ${err.stack ?? err}`);
	emit({ event: 'result', error: String(err), ...summary() });
	process.exit(1);
});
