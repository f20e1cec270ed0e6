/**
 * What the collaboration server and the browser agree on, beyond the standard y-websocket
 * protocol (sync = 0, awareness = 1, auth = 2, query awareness = 3).
 *
 * Close codes: y-websocket's provider does not reconnect after 4400–4499 (a decision that
 * reconnecting cannot change) and does reconnect after anything else.
 */
export const CLOSE = {
	/** Bad or missing session cookie, or the session ended. */
	unauthenticated: 4401,
	/** Not on this note's board (any more), or the page is not from our origin. */
	forbidden: 4403,
	/** No such note, or it was archived. */
	notFound: 4404,
	/** A message the server could not decode. */
	malformed: 4400,
	/** A message over the size limit. */
	tooLarge: 4413,
	/** Too many open connections for one person. */
	tooManyConnections: 4429,
	/** The client read too slowly and was dropped; it reconnects and resyncs. */
	slowClient: 4508,
	/** The server is restarting; reconnect. */
	restarting: 1012
} as const;
export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** Message types of our own, after the standard ones. */
export const MESSAGE = {
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3,
	/** Server → client: a Yjs state vector; everything it covers is stored in the database. */
	persisted: 100,
	/** Server → client: 0 read-only, 1 read-write. Sent on connect and when the role changes. */
	mode: 101
} as const;

export const MODE = { readOnly: 0, readWrite: 1 } as const;

/** The Yjs shared type that holds a note's rich text (Tiptap's Collaboration default). */
export const NOTE_FIELD = 'default';

/** The path a note's WebSocket connects to: `/collab/<noteId>`. */
export const COLLAB_PATH = '/collab';
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
