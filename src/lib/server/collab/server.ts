import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { CLOSE, type CloseCode } from '$lib/collab/protocol';
import type { PresenceUser } from '$lib/collab/presence';
import type { Database } from '../db/database';
import { subscribe, type AppEvent } from '../events';
import { authorizer, readOnlyFor, type Authorize, type Grant } from './authorize';
import { LIMITS } from './limits';
import { standings } from './revalidate';
import { MalformedMessage, Room, type Peer } from './room';
import { NoteStore } from './store';
import { warmUp } from './warm-up';

export interface CollabOptions {
	/** The origin pages are served from; WebSockets from any other are refused. */
	expectedOrigin: (req: IncomingMessage) => string;
	/** The periodic check of every connection; LIMITS.revalidateMs unless a test shortens it. */
	revalidateMs?: number;
	/** How far the searchable text may fall behind; LIMITS.textRefreshMs unless a test shortens it. */
	textRefreshMs?: number;
	/** How often each connection is pinged; LIMITS.pingMs unless a test shortens it. */
	pingMs?: number;
}

/** A live WebSocket on a note. */
class Connection implements Peer {
	readOnly: boolean;
	alive = true;
	/** The server's tick (see Hub) when something was last sent to it. */
	private sentAt = -1;

	constructor(
		readonly ws: CollabSocket,
		readonly grant: Grant,
		readonly room: Room,
		/** Which slice of the periodic work (the ping; the access check) covers it (see PING_SLICES). */
		readonly slice: number,
		/** The server it belongs to: its bookkeeping when the socket closes, and its clock. */
		readonly hub: Hub
	) {
		this.readOnly = grant.readOnly;
	}

	get user(): PresenceUser {
		return this.grant.user;
	}

	send(message: Uint8Array): void {
		if (this.ws.readyState !== this.ws.OPEN) return;
		// A client that cannot keep up would make us buffer without bound: drop it; it resyncs.
		if (this.ws.bufferedAmount > LIMITS.sendHighWater) return this.close(CLOSE.slowClient);
		this.sentAt = this.hub.tick;
		this.ws.send(message);
	}

	/** Nothing sent to it in this tick (see Hub.tick: 3 s). */
	quiet(): boolean {
		return this.sentAt !== this.hub.tick;
	}

	/**
	 * Handles one message, at once. The connection gets its messages only once the document is
	 * loaded (accept() keeps the earlier ones until then), so nothing needs queueing here: a
	 * promise chain per message would only make garbage on every edit, and collecting garbage
	 * is what delays edits.
	 */
	receive(data: Uint8Array): void {
		// A connection we closed (refused, revoked, malformed) gets nothing more applied, even
		// what was already on its way before the client read the close.
		if (this.ws.readyState !== this.ws.OPEN) return;
		if (data.byteLength > LIMITS.maxMessageBytes) return this.close(CLOSE.tooLarge);
		try {
			this.room.receive(this, data);
		} catch (err) {
			this.close(err instanceof MalformedMessage ? CLOSE.malformed : 1011);
		}
	}

	close(code: CloseCode | 1011): void {
		if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code);
	}
}

/**
 * ws refuses a frame over maxPayload from its header, before buffering it, and closes with 1009
 * on its own; y-websocket reconnects after 1009 and sends the same message forever. This says
 * it with our code, after which clients stop and show why. (A class rather than a patched
 * `close` on every socket: that was a closure and a property store per connection.)
 */
class CollabSocket extends WebSocket {
	/** The connection this socket carries, once authorized. */
	conn: Connection | undefined = undefined;

	override close(code?: number, reason?: string | Buffer): void {
		super.close(code === 1009 ? CLOSE.tooLarge : code, reason);
	}
}

// Listeners shared by every socket (`this` is the socket): a closure of each per connection
// was memory per connection, and an idle document costs little more than its connections.
const carried = (ws: WebSocket) => (ws as CollabSocket).conn;
function onError(this: WebSocket) {
	this.terminate();
}
function onPong(this: WebSocket) {
	const conn = carried(this);
	if (conn) conn.alive = true;
}
function onMessage(this: WebSocket, data: RawData) {
	carried(this)?.receive(toBytes(data));
}
function onClose(this: WebSocket) {
	const conn = carried(this);
	conn?.hub.release(conn);
}

/**
 * The periodic work over every connection covers one slice of them at a time, so that it is
 * never one burst: pinging 1,500 connections at once stopped the event loop for 40 ms (and up
 * to 130 ms with a collection), delaying every edit in flight. The access check is one query
 * per slice, so it has few slices; a ping is a send per connection, so it has many: a tenth of
 * 1,500 in one turn would still be about 4 ms by the measure above.
 */
const CHECK_SLICES = 10;
const PING_SLICES = 100;
/** Ticks of the coarse clock (Hub.tick) per ping period: a tick is 3 s by default. */
const TICKS_PER_PING_PERIOD = 10;
const PING_SLICES_PER_TICK = PING_SLICES / TICKS_PER_PING_PERIOD;

/** What a connection needs of its server (one reference per connection, not a closure each). */
interface Hub {
	/**
	 * A coarse clock that the ping timer advances every pingMs / TICKS_PER_PING_PERIOD. Kept as a
	 * counter rather than derived from the ping count: it is read on every message sent. Cheaper
	 * than reading the time there, and fine enough for "sent lately" (Connection.quiet).
	 */
	readonly tick: number;
	release(conn: Connection): void;
}

/**
 * The y-websocket protocol server, in the app's own process (server/index.js and the Vite dev
 * server hand it their `upgrade` events). Module state is the process's rooms and connections,
 * not any request's.
 */
export class CollabServer implements Hub {
	private readonly wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxMessageBytes + 1024, WebSocket: CollabSocket });
	private readonly rooms = new Map<string, Room>();
	private readonly connections = new Set<Connection>();
	/** Open connections per person, for the per-person limit. */
	private readonly perUser = new Map<string, number>();
	private readonly store: NoteStore;
	private readonly authorize: Authorize;
	private readonly timers: ReturnType<typeof setInterval>[] = [];
	private stopping = false;
	private readonly unsubscribe: () => void;
	/** Connections an access event concerns, rechecked together on the next turn of the loop. */
	private recheckSoon = new Set<Connection>();
	private accepted = 0;
	private revalidateTick = 0;
	private pings = 0;
	private ticks = 0;

	/** See Hub.tick: advanced only by pingSlice. */
	get tick(): number {
		return this.ticks;
	}

	constructor(
		private readonly db: () => Promise<Database>,
		private readonly options: CollabOptions
	) {
		this.store = new NoteStore(db);
		this.authorize = authorizer(db, options.expectedOrigin);
		this.unsubscribe = subscribe((event) => {
			if (event.type === 'access') this.onAccessChange(event);
		});
		// Every connection is checked once per revalidateMs and pinged once per pingMs, a slice of
		// them at a time (see CHECK_SLICES and PING_SLICES).
		this.timers.push(setInterval(() => this.revalidateSlice(), (options.revalidateMs ?? LIMITS.revalidateMs) / CHECK_SLICES));
		this.timers.push(setInterval(() => this.pingSlice(), (options.pingMs ?? LIMITS.pingMs) / PING_SLICES));
		this.timers.push(setInterval(() => this.expireAwareness(), LIMITS.awarenessSweepMs));
		for (const t of this.timers) t.unref();
		void warmUp(db, this.store, () => this.stopping);
	}

	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		// The handshake completes first so a refusal can carry a close code the client shows.
		this.wss.handleUpgrade(req, socket, head, (ws) => void this.accept(ws as CollabSocket, req));
	}

	private async accept(ws: CollabSocket, req: IncomingMessage) {
		// Messages that arrive while we authorize are kept and handled in order afterwards.
		const early: Uint8Array[] = [];
		const keep = (data: RawData) => early.push(toBytes(data));
		ws.on('message', keep);
		ws.on('error', onError);
		if (this.stopping) return ws.close(CLOSE.restarting);
		let grant: Grant | { refuse: CloseCode };
		try {
			grant = await this.authorize(req);
		} catch (err) {
			console.error(`collab: authorizing a connection failed: ${(err as Error).message}`);
			return ws.close(1011);
		}
		if ('refuse' in grant) return ws.close(grant.refuse);
		if (this.stopping) return ws.close(CLOSE.restarting); // shutdown began while we authorized
		if (ws.readyState !== ws.OPEN) return; // the client left while we decided
		const held = this.perUser.get(grant.userId) ?? 0;
		if (held >= LIMITS.maxConnectionsPerUser) return ws.close(CLOSE.tooManyConnections);
		this.perUser.set(grant.userId, held + 1);
		const room = this.room(grant.noteId);
		const conn = new Connection(ws, grant, room, this.accepted++ % PING_SLICES, this);
		this.connections.add(conn);
		ws.conn = conn;
		ws.on('pong', onPong);
		ws.on('close', onClose);
		try {
			await room.join(conn);
		} catch (err) {
			console.error(`collab: loading note ${grant.noteId} failed: ${(err as Error).message}`);
			if (this.rooms.get(grant.noteId) === room) this.rooms.delete(grant.noteId);
			return conn.close(1011);
		}
		// Until here messages were kept; from here they are handled as they come, after those.
		ws.off('message', keep);
		for (const data of early) conn.receive(data);
		ws.on('message', onMessage);
	}

	/** A connection's socket closed. */
	release(conn: Connection): void {
		this.connections.delete(conn);
		const left = this.perUser.get(conn.grant.userId)! - 1;
		if (left === 0) this.perUser.delete(conn.grant.userId);
		else this.perUser.set(conn.grant.userId, left);
		conn.room.leave(conn);
	}

	private room(noteId: string): Room {
		let room = this.rooms.get(noteId);
		if (!room) {
			room = new Room(noteId, this.store, this.forget, this.options.textRefreshMs);
			this.rooms.set(noteId, room);
		}
		return room;
	}

	/** A room that unloaded (one function for all rooms: a closure each was memory per room). */
	private readonly forget = (room: Room) => {
		if (this.rooms.get(room.noteId) === room) this.rooms.delete(room.noteId);
	};

	/** The app changed someone's access: recheck the connections it concerns now. */
	private onAccessChange(event: Extract<AppEvent, { type: 'access' }>) {
		const users = new Set(event.userIds);
		const sessions = new Set(event.sessionIds);
		const notes = new Set(event.noteIds);
		const before = this.recheckSoon.size;
		for (const conn of this.connections) {
			const { userId, sessionId, noteId } = conn.grant;
			if (users.has(userId) || sessions.has(sessionId) || notes.has(noteId)) this.recheckSoon.add(conn);
		}
		if (before === 0 && this.recheckSoon.size > 0) {
			setImmediate(() => {
				const due = [...this.recheckSoon];
				this.recheckSoon = new Set();
				void this.revalidate(due);
			});
		}
	}

	/** One timer for every room's stale awareness states (one per room was memory per room). */
	private expireAwareness() {
		const now = Date.now();
		for (const room of this.rooms.values()) room.expireAwareness(now);
	}

	private revalidateSlice() {
		const slice = this.revalidateTick++ % CHECK_SLICES;
		const due: Connection[] = [];
		for (const conn of this.connections) if (conn.slice % CHECK_SLICES === slice) due.push(conn);
		void this.revalidate(due);
	}

	/**
	 * Applies ended sessions, removed memberships, role changes and archiving to open
	 * connections: at once for what the app publishes, and for everything else (another
	 * process, an operator, an expiring session) on a periodic check of all of them.
	 */
	private async revalidate(open: Connection[]) {
		open = open.filter((c) => this.connections.has(c));
		if (open.length === 0 || this.stopping) return;
		let current;
		try {
			current = await standings(await this.db(), open.map((c) => c.grant));
		} catch (err) {
			console.error(`collab: revalidating connections failed: ${(err as Error).message}`);
			return;
		}
		for (const conn of open) {
			const standing = current.get(`${conn.grant.sessionId}:${conn.grant.noteId}`);
			if (!standing?.sessionValid) conn.close(CLOSE.unauthenticated);
			else if (!standing.role) conn.close(CLOSE.forbidden);
			else {
				const readOnly = readOnlyFor(standing.role, standing.archived);
				if (readOnly !== conn.readOnly) {
					conn.readOnly = readOnly;
					conn.room.sendMode(conn);
				}
			}
		}
	}

	/** Pings one slice of the connections, each once per pingMs; one that missed its last pong is dropped. */
	private pingSlice() {
		const slice = this.pings++ % PING_SLICES;
		if (slice % PING_SLICES_PER_TICK === 0) this.ticks++;
		for (const conn of this.connections) {
			if (conn.slice !== slice) continue;
			if (!conn.alive) {
				conn.ws.terminate();
				continue;
			}
			conn.alive = false;
			conn.ws.ping();
		}
	}

	/** How many documents are in memory (for benchmarks), and whether one is. */
	get loadedRooms(): number {
		return this.rooms.size;
	}

	isLoaded(noteId: string): boolean {
		return this.rooms.has(noteId);
	}

	/** Stores every pending update, then closes every connection (clients reconnect). */
	async shutdown(): Promise<void> {
		this.stopping = true;
		this.unsubscribe();
		for (const t of this.timers) clearInterval(t);
		// From here on, edits are neither applied nor relayed, so nothing reaches other people
		// that this process will not store; clients keep them unconfirmed and resend on reconnect.
		for (const conn of this.connections) conn.readOnly = true;
		await Promise.all([...this.rooms.values()].map((room) => room.freeze()));
		for (const conn of this.connections) conn.close(CLOSE.restarting);
		this.wss.close();
	}
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
