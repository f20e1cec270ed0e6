/**
 * Where attachment bytes live. The database row (written elsewhere) holds the key, the
 * content type, the sanitized filename and the municipality; a store only maps key → bytes.
 */
export interface AttachmentStorage {
	readonly kind: 'disk' | 'supabase';
	/** Refuses to overwrite: a second put on one key is a bug, not an update. */
	put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
	/** `null` when there is no object under the key. */
	get(key: string): Promise<Uint8Array | null>;
	/** Succeeds when the object is already gone, so a retried cleanup never fails. */
	delete(key: string): Promise<void>;
}

/** A store that failed for a reason other than "not found"; the message says which. */
export class AttachmentStorageError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'AttachmentStorageError';
	}
}

/** `put` on a key that already holds an object. */
export class AttachmentExistsError extends AttachmentStorageError {
	constructor(key: string, options?: { cause?: unknown }) {
		super(`An attachment is already stored under ${key}`, options);
		this.name = 'AttachmentExistsError';
	}
}

// Lowercase UUIDs only: the key becomes a file name on disk and an object path in
// Supabase, so nothing a user typed may reach it, and one spelling per key keeps
// case-insensitive file systems from aliasing two keys.
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh key for a new attachment. */
export function newAttachmentKey(): string {
	return crypto.randomUUID();
}

export function isAttachmentKey(key: unknown): key is string {
	return typeof key === 'string' && KEY.test(key);
}

export function assertAttachmentKey(key: unknown): asserts key is string {
	if (!isAttachmentKey(key)) {
		throw new AttachmentStorageError(
			`Invalid attachment key ${JSON.stringify(String(key).slice(0, 80))}: expected a lowercase UUID`
		);
	}
}
