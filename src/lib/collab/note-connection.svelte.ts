import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as decoding from 'lib0/decoding';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { COLLAB_PATH, MESSAGE, MODE } from './protocol';
import type { PresenceUser } from './presence';
import { OFFLINE_PREFIX } from './offline-copies';

export type ConnectionStatus = 'connecting' | 'connected' | 'offline';
export type Peer = PresenceUser & { clientId: number };
/** Per client, the clock the server's stored state must reach. */
type Requirement = Map<number, number>;

/**
 * Local changes the server has not yet confirmed as stored. A change is kept as the state
 * vector entries it needs; the server's 'persisted' message carries the state vector of what
 * it has written to the database, and every change that vector covers is confirmed.
 * A change that only deletes text adds no clock of its own: it is confirmed together with
 * the insertions before it (a state vector does not describe deletions).
 */
export class PendingChanges {
	#pending: Requirement[] = [];

	get count(): number {
		return this.#pending.length;
	}

	add(required: Requirement): void {
		this.#pending.push(required);
	}

	/** Drops the changes that `stored` covers; returns how many remain. */
	confirm(stored: Map<number, number>): number {
		this.#pending = this.#pending.filter((req) => [...req].some(([client, clock]) => (stored.get(client) ?? 0) < clock));
		return this.#pending.length;
	}
}

/** What a document holds beyond `stored`: the entries of its state vector that are ahead. */
export function ahead(local: Map<number, number>, stored: Map<number, number> | null): Requirement {
	return new Map([...local].filter(([client, clock]) => clock > (stored?.get(client) ?? 0)));
}

/** Accepts an awareness 'user' field only when it has the shape the server writes. */
export function asPresenceUser(value: unknown): PresenceUser | null {
	const u = value as Partial<PresenceUser> | null;
	if (!u || typeof u.name !== 'string' || typeof u.color !== 'string') return null;
	const color = /^#[0-9a-f]{6}$/i.test(u.color) ? u.color : '#5b6675';
	return { name: u.name, organization: typeof u.organization === 'string' ? u.organization : null, color };
}

const storedKey = (noteId: string) => `${OFFLINE_PREFIX}persisted-${noteId}`;

/** The browser end of one note's collaboration: document, offline copy, socket and presence. */
export class NoteConnection {
	#status = $state<ConnectionStatus>('connecting');
	#synced = $state(false);
	#unconfirmed = $state(0);
	#readOnly = $state(true);
	#closed = $state<number | null>(null);
	#people = $state<Peer[]>([]);

	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly #persistence: IndexeddbPersistence;
	readonly #pending = new PendingChanges();
	readonly #noteId: string;
	#failed = false;
	/** The state vector of what IndexedDB held for this note when the page opened. */
	#restored = new Map<number, number>();

	constructor(noteId: string, me: PresenceUser) {
		this.#noteId = noteId;
		const doc = this.doc;
		this.#persistence = new IndexeddbPersistence(`${OFFLINE_PREFIX}${noteId}`, doc);
		const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`;
		this.provider = new WebsocketProvider(url, noteId, doc, { maxBackoffTime: 10_000, connect: navigator.onLine });
		const provider = this.provider;

		provider.messageHandlers[MESSAGE.persisted] = (_encoder, decoder) => {
			const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
			this.#unconfirmed = this.#pending.confirm(sv);
			this.#remember(sv);
		};
		provider.messageHandlers[MESSAGE.mode] = (_encoder, decoder) => {
			this.#readOnly = decoding.readVarUint(decoder) !== MODE.readWrite;
		};
		doc.on('update', this.#onUpdate);
		provider.on('status', this.#onStatus);
		provider.on('sync', this.#onSync);
		provider.on('connection-close', this.#onClose);
		provider.awareness.on('change', this.#onAwareness);
		provider.awareness.setLocalStateField('user', me);
		window.addEventListener('online', this.#onOnline);
		window.addEventListener('offline', this.#onOffline);
		if (!navigator.onLine) this.#status = 'offline';
		// Edits made offline in an earlier visit come back from IndexedDB: they count as
		// unconfirmed until the server says it stored them.
		this.#persistence.whenSynced
			.then(() => {
				if (this.doc.isDestroyed) return;
				const restored = ahead(this.#restored, this.#recalled());
				if (restored.size) this.#pending.add(restored);
				this.#unconfirmed = this.#pending.count;
			})
			.catch(() => {
				// No IndexedDB (a private window in some browsers): the note still works online.
			});
	}

	get status(): ConnectionStatus {
		return this.#status;
	}
	get synced(): boolean {
		return this.#synced;
	}
	/** Local changes not yet confirmed as stored by the server. */
	get unconfirmed(): number {
		return this.#unconfirmed;
	}
	/** Until the server says otherwise, nothing typed here would be accepted. */
	get readOnly(): boolean {
		return this.#readOnly;
	}
	/** The close code when the server refused for good (4400–4499); null otherwise. */
	get closed(): number | null {
		return this.#closed;
	}
	/** Everyone else with the note open (one entry per open tab). */
	get people(): Peer[] {
		return this.#people;
	}

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === this.#persistence) {
			// Only what came out of IndexedDB: the server's content may arrive before it does.
			for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update))) {
				this.#restored.set(client, Math.max(clock, this.#restored.get(client) ?? 0));
			}
			return;
		}
		// Read-only, the server drops what we send; the editor cannot change the text then,
		// so anything here is the editor normalising the document, not someone's work.
		if (origin === this.provider || this.#readOnly) return;
		this.#pending.add(new Map([[this.doc.clientID, Y.getState(this.doc.store, this.doc.clientID)]]));
		this.#unconfirmed = this.#pending.count;
	};

	#onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
		if (status === 'connected') this.#failed = false;
		// While retrying after a failure the provider says 'connecting' again and again; to the
		// person that is still "offline".
		this.#status = status === 'connected' ? 'connected' : status === 'connecting' && !this.#failed ? 'connecting' : 'offline';
	};

	#onSync = (synced: boolean) => {
		this.#synced = synced;
	};

	#onClose = (event: CloseEvent | null) => {
		this.#failed = true;
		this.#synced = false;
		this.#status = 'offline';
		if (event && event.code >= 4400 && event.code < 4500) this.#closed = event.code;
	};

	#onAwareness = () => {
		const people: Peer[] = [];
		for (const [clientId, state] of this.provider.awareness.getStates()) {
			const user = clientId === this.doc.clientID ? null : asPresenceUser(state.user);
			if (user) people.push({ ...user, clientId });
		}
		this.#people = people;
	};

	// Offline, the socket may look open for a long while; close it so edits are clearly local
	// and a fresh sync runs when the network returns.
	#onOffline = () => {
		this.provider.disconnect();
		this.#status = 'offline';
	};

	#onOnline = () => {
		if (this.#closed === null) this.provider.connect();
	};

	#remember(sv: Map<number, number>): void {
		try {
			localStorage.setItem(storedKey(this.#noteId), toBase64(Y.encodeStateVector(new Map(sv))));
		} catch {
			// Storage full or disabled: restored edits will simply count as unconfirmed.
		}
	}

	#recalled(): Map<number, number> | null {
		try {
			const saved = localStorage.getItem(storedKey(this.#noteId));
			return saved ? Y.decodeStateVector(fromBase64(saved)) : null;
		} catch {
			return null;
		}
	}

	destroy(): void {
		window.removeEventListener('online', this.#onOnline);
		window.removeEventListener('offline', this.#onOffline);
		this.doc.off('update', this.#onUpdate);
		this.provider.awareness.off('change', this.#onAwareness);
		this.provider.destroy();
		this.provider.awareness.destroy();
		void this.#persistence.destroy();
		this.doc.destroy();
	}
}
