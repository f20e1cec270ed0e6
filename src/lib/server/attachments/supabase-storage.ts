import { createClient, type RealtimeClientOptions } from '@supabase/supabase-js';
import WebSocket from 'ws';
import {
	AttachmentExistsError,
	AttachmentStorageError,
	assertAttachmentKey,
	type AttachmentStorage
} from './storage';

export type SupabaseStorageOptions = {
	url: string;
	/** The service-role (secret) key: the bucket is private and this server is its only client. */
	serviceRoleKey: string;
	bucket?: string;
};

/** Attachments as objects named by their key in one private Supabase Storage bucket. */
export function createSupabaseStorage(options: SupabaseStorageOptions): AttachmentStorage {
	const bucket = options.bucket ?? 'attachments';
	const client = createClient(options.url, options.serviceRoleKey, {
		// A server-side client with a fixed key: no session to keep or refresh.
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		// supabase-js 2.109 throws on Node 20 without a WebSocket implementation, even though
		// Storage never opens a socket. The cast: ws's first constructor overload (address
		// `null`, for server-side sockets) does not fit realtime-js's declared type.
		realtime: { transport: WebSocket as unknown as RealtimeClientOptions['transport'] }
	});
	const files = () => client.storage.from(bucket);
	const fail = (action: string, key: string, error: ApiError) =>
		describeFailure(action, key, bucket, options.url, error);

	return {
		kind: 'supabase',

		async put(key, bytes, contentType) {
			assertAttachmentKey(key);
			const { error } = await files().upload(key, bytes, { contentType, upsert: false });
			if (error) throw fail('store', key, error);
		},

		async get(key) {
			assertAttachmentKey(key);
			const { data, error } = await files().download(key);
			if (error) {
				if (isMissingObject(error)) return null;
				throw fail('read', key, error);
			}
			return new Uint8Array(await data.arrayBuffer());
		},

		async delete(key) {
			assertAttachmentKey(key);
			// Removing a missing object is not an error: the service answers with an empty list.
			const { error } = await files().remove([key]);
			if (error) throw fail('delete', key, error);
		}
	};
}

type ApiError = Error & { status?: number; statusCode?: string };

/**
 * Storage answers a missing object with HTTP 400 and `statusCode: "404"` in the body (the
 * client copies that into `statusCode`). A missing bucket says 404 too, and so does a
 * private bucket read with a key that cannot see it; those are configuration errors, not
 * a missing attachment, so only "Object not found" counts.
 */
function isMissingObject(error: ApiError): boolean {
	const notFound = error.status === 404 || error.statusCode === '404';
	return notFound && !/bucket/i.test(error.message);
}

function describeFailure(action: string, key: string, bucket: string, url: string, error: ApiError) {
	const where = `bucket "${bucket}" at ${url}`;
	if (error.status === undefined) {
		return new AttachmentStorageError(
			`Could not ${action} attachment ${key}: Supabase Storage (${where}) was unreachable: ${error.message}`,
			{ cause: error }
		);
	}
	if (error.statusCode === '409') return new AttachmentExistsError(key, { cause: error });
	const code =
		error.statusCode && error.statusCode !== String(error.status) ? `, statusCode ${error.statusCode}` : '';
	return new AttachmentStorageError(
		`Could not ${action} attachment ${key}: Supabase Storage (${where}) answered ` +
			`"${error.message}" (HTTP ${error.status}${code}).${hint(error)}`,
		{ cause: error }
	);
}

function hint(error: ApiError): string {
	if (error.status === 401 || error.statusCode === '403') {
		return ' Check SUPABASE_SERVICE_ROLE_KEY: it must be the project\'s service-role (secret) key.';
	}
	if (/bucket/i.test(error.message)) {
		// Storage also calls a bucket "not found" when the key may not read it.
		return ' Check that SUPABASE_STORAGE_BUCKET names an existing bucket that this key may use.';
	}
	return '';
}
