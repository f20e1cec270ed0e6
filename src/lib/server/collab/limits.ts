import { outdatedTimeout } from 'y-protocols/awareness';
import { MAX_MESSAGE_BYTES } from '$lib/collab/protocol';

/** Every limit of the collaboration server, in one place. */
export const LIMITS = {
	maxMessageBytes: MAX_MESSAGE_BYTES,
	/** Bytes queued for one client before it counts as too slow and is dropped to resync. */
	sendHighWater: 8 * 1024 * 1024,
	maxConnectionsPerUser: 20,
	/**
	 * Awareness client ids one connection may claim in its room (a page uses one; a reconnect is
	 * a new connection). Without a limit one connection could fill a room's awareness, and the
	 * memory of everyone it is relayed to, with states under ids it makes up.
	 */
	awarenessIdsPerConnection: 4,
	/** Received updates reach the database this long after arriving, batched. */
	flushDelayMs: 250,
	/** Stores of different rooms asked for within this window share one statement (store.ts). */
	storeWindowMs: 50,
	/**
	 * The searchable text and `updated_at` are rewritten at most this often per note while it
	 * is edited, and at once when the last person leaves (the unload compaction): rewriting
	 * them is most of a store's cost (the walk of the whole document on the event loop, the
	 * tsvector, the GIN index), and search half a minute behind a note being written is enough.
	 */
	textRefreshMs: 30_000,
	/** Retries of a failed store back off up to this. */
	maxRetryDelayMs: 30_000,
	/** Fold the update log into the snapshot once it has this many rows. */
	compactAfterUpdates: 100,
	/**
	 * How often every open connection is checked against sessions, memberships and archiving.
	 * Changes made through the app are applied at once (events.ts); this catches the rest:
	 * expiring sessions and changes made outside this process.
	 */
	revalidateMs: 10_000,
	/** Ping interval; a connection that missed a pong by the next ping is dropped. */
	pingMs: 30_000,
	/**
	 * How often awareness states are checked for expiry, for every room at once: as often as a
	 * stock Awareness checks on a timer of its own (a tenth of the time after which a state that
	 * its client stopped renewing expires).
	 */
	awarenessSweepMs: Math.floor(outdatedTimeout / 10)
} as const;
