import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE, MODE } from '$lib/collab/protocol';
import type { PresenceUser } from '$lib/collab/presence';
import { stampAwarenessUpdate } from './awareness-identity';
import { documentText, stateVectorMessage } from './document';
import { framed, numberMessage } from './frame';
import { LIMITS } from './limits';
import { applyAwarenessEntries, expireStates, roomAwareness, roomDocument } from './room-document';
import type { NoteStore } from './store';
import { checkUpdate } from './update-check';

/** One side of a connection, as a room sees it. */
export interface Peer {
	readonly user: PresenceUser;
	readOnly: boolean;
	send(message: Uint8Array): void;
	/**
	 * Whether nothing was sent to it lately (within a few seconds). y-websocket clients reconnect
	 * after 30 s without any message, so a quiet peer gets its own cursor updates back.
	 */
	quiet(): boolean;
}

export class MalformedMessage extends Error {}

const FROM_STORE = Symbol('stored');

/**
 * A note's document in memory while anyone has it open. Received updates are relayed at
 * once and stored in batches (at most LIMITS.flushDelayMs behind); every store operation runs
 * on one promise chain, so appends and compactions of a note never overlap.
 */
export class Room {
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly peers = new Set<Peer>();
	/**
	 * The load of the stored document while it runs (or if it failed); no peer is answered
	 * before it ends. Dropped once loaded: every promise costs an idle room memory (more with
	 * the async hooks SvelteKit's request context turns on).
	 */
	private loading: Promise<void> | undefined;
	private pending: Uint8Array[] = [];
	/** Peers whose updates are in `pending`: the ones a store acknowledges to (made when needed). */
	private authors: Set<Peer> | undefined;
	private logLength = 0;
	/** The last store operation queued (see `queue`), while any is queued. */
	private chain: Promise<void> | undefined;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private failures = 0;
	/** When the searchable text was last written (see load), and the timer that writes it when it is behind. */
	private textWrittenAt = 0;
	private textTimer: ReturnType<typeof setTimeout> | undefined;
	/** Awareness client ids, each owned by the peer that first used it (see mayUseAwarenessId). */
	private readonly owners = new Map<number, Peer>();
	/** The stamped awareness update being applied, which is also what the room relays. */
	private relaying: Uint8Array | null = null;
	/** Set on shutdown: the database is about to close, so no unload compaction may start. */
	private frozen = false;
	/**
	 * The 'persisted' message: the state vector of what the database holds. A joining client
	 * learns from it which of its edits are safe; the authors of a store get it afterwards.
	 * Undefined while every change is stored (before the first, and after a store that left
	 * nothing pending): then the document's own state is what is stored, and a room nobody is
	 * writing in keeps no copy of it.
	 */
	private storedMessage: Uint8Array | undefined;

	constructor(
		readonly noteId: string,
		private readonly store: NoteStore,
		private readonly onIdle: (room: Room) => void,
		private readonly textRefreshMs: number = LIMITS.textRefreshMs
	) {
		this.doc = roomDocument(noteId);
		this.awareness = roomAwareness(this.doc);
		this.loading = this.load();
		// A failed load is reported to the peers waiting in join(); nothing else awaits it.
		this.loading.catch(() => {});
	}

	private async load() {
		const stored = await this.store.load(this.noteId);
		if (stored.update) Y.applyUpdate(this.doc, stored.update, FROM_STORE);
		this.logLength = stored.logLength;
		// What is stored has its text stored with it (compaction and unload write both), so the
		// text counts as written: not now but a random part of a refresh ago, so that the rooms a
		// restart loads together (every client reconnects at once) refresh their text spread over
		// textRefreshMs rather than all in the same few seconds, every refresh. In the 500-room
		// benchmark those few seconds held most of our slowest edits; spread, the text of a room
		// is still at most textRefreshMs behind its document.
		this.textWrittenAt = Date.now() - Math.random() * this.textRefreshMs;
		this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
		this.awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => this.onAwareness(change, origin));
		this.loading = undefined;
	}

	/**
	 * Adds a peer at once (so the room cannot unload under it), then, once the stored
	 * document is loaded, greets it: sync step 1, its mode, who else is here.
	 */
	async join(peer: Peer): Promise<void> {
		this.peers.add(peer);
		if (this.loading) await this.loading;
		peer.send(framed(MESSAGE.sync, Y.encodeStateVector(this.doc), syncProtocol.messageYjsSyncStep1));
		this.sendMode(peer);
		peer.send(this.storedMessage ?? stateVectorMessage(MESSAGE.persisted, this.doc));
		const states = [...this.awareness.getStates().keys()];
		if (states.length) {
			peer.send(framed(MESSAGE.awareness, awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
		}
	}

	/** Drops awareness states their clients stopped renewing (the server calls it for every room). */
	expireAwareness(now = Date.now()): void {
		expireStates(this.awareness, now);
	}

	sendMode(peer: Peer): void {
		peer.send(numberMessage(MESSAGE.mode, peer.readOnly ? MODE.readOnly : MODE.readWrite));
	}

	leave(peer: Peer): void {
		if (!this.peers.delete(peer)) return;
		this.authors?.delete(peer);
		const owned = [...this.owners].filter(([, p]) => p === peer).map(([id]) => id);
		for (const id of owned) this.owners.delete(id);
		awarenessProtocol.removeAwarenessStates(this.awareness, owned, null);
		// The last one out: the searchable text is brought up to date at once (someone who just
		// wrote in this note may search for it next), then the document unloads.
		if (this.peers.size === 0 && !this.frozen) void this.flush(true).then(() => this.unloadIfIdle());
	}

	/** Stores what is pending and stops all further store work (the process is exiting). */
	async freeze(): Promise<void> {
		this.frozen = true;
		await this.flush();
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (this.textTimer) await this.writeText();
	}

	/** Handles one message; throws MalformedMessage on anything undecodable. */
	receive(peer: Peer, data: Uint8Array): void {
		try {
			const decoder = decoding.createDecoder(data);
			const type = decoding.readVarUint(decoder);
			if (type === MESSAGE.sync) this.receiveSync(peer, decoder);
			else if (type === MESSAGE.awareness) this.receiveAwareness(peer, decoding.readVarUint8Array(decoder));
			else if (type === MESSAGE.queryAwareness) {
				const ids = [...this.awareness.getStates().keys()];
				peer.send(framed(MESSAGE.awareness, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
			} else if (type !== MESSAGE.auth) throw new Error(`unknown message type ${type}`);
		} catch (err) {
			throw new MalformedMessage((err as Error).message);
		}
	}

	private receiveSync(peer: Peer, decoder: decoding.Decoder) {
		const syncType = decoding.readVarUint(decoder);
		if (syncType === syncProtocol.messageYjsSyncStep1) {
			// Step 2, as y-protocols' readSyncStep1 writes it: what the peer's state vector lacks.
			const missing = Y.encodeStateAsUpdate(this.doc, decoding.readVarUint8Array(decoder));
			peer.send(framed(MESSAGE.sync, missing, syncProtocol.messageYjsSyncStep2));
		} else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
			const update = decoding.readVarUint8Array(decoder);
			// Read-only peers' writes are read off the wire and dropped: not applied, stored or relayed.
			if (peer.readOnly) return;
			// A truncated update would be half applied before it throws (see checkUpdate).
			checkUpdate(update);
			this.storedMessage ??= stateVectorMessage(MESSAGE.persisted, this.doc); // before it changes
			Y.applyUpdate(this.doc, update, peer);
		} else {
			throw new Error(`unknown sync message ${syncType}`);
		}
	}

	private receiveAwareness(peer: Peer, update: Uint8Array) {
		const stamped = stampAwarenessUpdate(update, peer.user, (id) => this.mayUseAwarenessId(peer, id));
		this.relaying = stamped.update;
		try {
			applyAwarenessEntries(this.awareness, stamped.entries, peer);
		} finally {
			this.relaying = null;
		}
	}

	/**
	 * Whether `peer` may send states under client id `id`: one it already owns, or a new one while
	 * it owns fewer than LIMITS.awarenessIdsPerConnection (it then owns it until it leaves).
	 */
	private mayUseAwarenessId(peer: Peer, id: number): boolean {
		const owner = this.owners.get(id);
		if (owner) return owner === peer;
		let owned = 0; // counted only when a new id is claimed, about once per connection
		for (const p of this.owners.values()) if (p === peer) owned++;
		if (owned >= LIMITS.awarenessIdsPerConnection) return false;
		this.owners.set(id, peer);
		return true;
	}

	private onUpdate(update: Uint8Array, origin: unknown) {
		if (origin === FROM_STORE) return;
		const relay = framed(MESSAGE.sync, update, syncProtocol.messageYjsUpdate);
		for (const p of this.peers) if (p !== origin) p.send(relay);
		this.pending.push(update);
		if (this.peers.has(origin as Peer)) (this.authors ??= new Set()).add(origin as Peer);
		// A room's first unstored update starts its timer, so a burst of keystrokes makes one
		// batch; rooms' timers fall at their own times, so the work of storing (merging, the
		// state vector, the acknowledgement) is spread out instead of stalling every room at
		// once. The store still writes the batches that meet within a short window together.
		this.timer ??= setTimeout(() => {
			this.timer = undefined;
			void this.flush();
		}, LIMITS.flushDelayMs);
	}

	private onAwareness({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) {
		// A peer's update is relayed as we stamped it (entries the awareness found stale are
		// ignored by every client alike), rather than encoded again from the parsed states;
		// removals (a peer left, a state timed out) are encoded here.
		const update =
			this.relaying ??
			awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]);
		const relay = framed(MESSAGE.awareness, update);
		// Not back to its sender, which has its own state already (and ignores the copy: same
		// clock), unless the sender has been sent nothing lately: y-websocket clients reconnect
		// after 30 s without any message, and a client alone in a note hears only this echo.
		// In a browser every keystroke moves the cursor: the echo was one in six messages per keystroke.
		for (const p of this.peers) if (p !== origin || p.quiet()) p.send(relay);
	}

	/**
	 * Stores everything received so far; resolves when it is stored (or the attempt failed).
	 * `withText`: the searchable text too, however recently it was written.
	 */
	flush(withText = false): Promise<void> {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		return this.queue(() => this.store1(withText));
	}

	private async store1(withText = false) {
		if (this.pending.length === 0) {
			if (withText && this.textTimer) await this.appendText();
			return;
		}
		const batch = this.pending;
		const authors: Iterable<Peer> = this.authors ?? [];
		this.pending = [];
		this.authors = undefined;
		// Everything in the document now is either stored already or in this batch.
		const covered = stateVectorMessage(MESSAGE.persisted, this.doc);
		const textDue = withText || Date.now() - this.textWrittenAt >= this.textRefreshMs;
		try {
			await this.store.append(this.noteId, Y.mergeUpdates(batch), textDue ? documentText(this.doc) : null);
		} catch (err) {
			// Keep the batch (ahead of anything newer) and the document in memory; try again later.
			this.pending = [...batch, ...this.pending];
			this.authors = new Set([...authors, ...(this.authors ?? [])]);
			this.failures++;
			const delay = Math.min(LIMITS.maxRetryDelayMs, 500 * 2 ** this.failures);
			console.error(`collab: storing note ${this.noteId} failed (attempt ${this.failures}, retry in ${delay} ms): ${(err as Error).message}`);
			this.timer ??= setTimeout(() => {
				this.timer = undefined;
				void this.flush().then(() => this.unloadIfIdle());
			}, delay);
			return;
		}
		this.failures = 0;
		this.logLength++;
		// With nothing newer pending, the document is what is stored again: a joining peer gets
		// its state vector, and a room that has gone quiet keeps no copy of it.
		this.storedMessage = this.pending.length ? covered : undefined;
		if (textDue) {
			this.textWrittenAt = Date.now();
			if (this.textTimer) clearTimeout(this.textTimer);
			this.textTimer = undefined;
		} else this.textTimer ??= setTimeout(() => void this.writeText(), this.textWrittenAt + this.textRefreshMs - Date.now());
		// Only the authors have changes waiting for this news; everyone else's count is unchanged
		// (and a joining peer is told what is stored when it joins). At many busy rooms, sending
		// it to every peer was a burst of sends every 250 ms that delayed everyone's edits.
		for (const p of authors) if (this.peers.has(p)) p.send(covered);
		if (this.logLength >= LIMITS.compactAfterUpdates) {
			// A failed compaction loses nothing: the log stays and is folded next time.
			await this.compact().catch((err) => console.error(`collab: compacting note ${this.noteId} failed: ${(err as Error).message}`));
		}
	}

	/** Brings the searchable text up to date with the document (a later store may do it first). */
	private writeText(): Promise<void> {
		return this.queue(() => this.appendText());
	}

	/** Writes the searchable text alone (inside a queued operation). */
	private async appendText() {
		if (this.textTimer) clearTimeout(this.textTimer);
		this.textTimer = undefined;
		if (this.doc.isDestroyed) return;
		await this.store
			.append(this.noteId, null, documentText(this.doc))
			.then(() => (this.textWrittenAt = Date.now()))
			.catch((err) => console.error(`collab: storing the text of note ${this.noteId} failed: ${(err as Error).message}`));
	}

	/**
	 * Runs `work` once every store operation queued before it has ended, so appends and
	 * compactions of a note never overlap. `work` handles its own errors: a rejection would
	 * skip everything queued after it.
	 */
	private queue(work: () => Promise<void>): Promise<void> {
		const done: Promise<void> = (this.chain ?? Promise.resolve()).then(async () => {
			try {
				await work();
			} finally {
				if (this.chain === done) this.chain = undefined;
			}
		});
		this.chain = done;
		return done;
	}

	private async compact() {
		await this.store.compact(this.noteId, documentText(this.doc)); // writes the text too
		this.logLength = 0;
		this.textWrittenAt = Date.now();
		if (this.textTimer) clearTimeout(this.textTimer);
		this.textTimer = undefined;
	}

	/**
	 * Drops the document from memory when nobody has it open and everything is stored. A peer
	 * that joins while the final compaction runs finds the room still registered and keeps it.
	 */
	private async unloadIfIdle() {
		if (this.frozen || this.peers.size > 0 || this.pending.length > 0 || this.timer) return;
		await this.queue(async () => {
			if (this.logLength > 0) {
				await this.compact().catch((err) => console.error(`collab: compacting note ${this.noteId} failed: ${(err as Error).message}`));
			}
		});
		if (this.peers.size > 0 || this.pending.length > 0 || this.timer) return;
		this.onIdle(this);
		this.awareness.destroy();
		this.doc.destroy();
	}

	get unstoredUpdates(): number {
		return this.pending.length;
	}
}
