/**
 * A local stand-in for the part of Supabase Storage that attachments use, so unit and e2e
 * tests run without a Supabase project: start it, pass `url` as SUPABASE_URL and
 * `serviceRoleKey` as SUPABASE_SERVICE_ROLE_KEY, and objects live in memory.
 *
 * It answers as the hosted service does (checked against @supabase/storage-js 2.109.0 and
 * supabase/storage's routes and error renderer): the API gateway refuses a missing or wrong
 * `apikey` with 401; behind it, Storage errors are HTTP 400 (500 for internal ones) with
 * the real status in the body, `{ statusCode: "404", code, error, message }`; and a GET
 * without a valid bearer token is anonymous, which sees a private bucket as "Bucket not
 * found". Every bucket here is private and only the service-role key is valid.
 *
 * Implemented: POST /storage/v1/object/<bucket>/<path> (raw body, `x-upsert`),
 * GET /storage/v1/object/[authenticated/]<bucket>/<path>, and
 * DELETE /storage/v1/object/<bucket> with `{ prefixes: [...] }`.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StoredObject = {
	id: string;
	bytes: Uint8Array;
	contentType: string;
	cacheControl: string;
	createdAt: string;
};

export type StorageStandIn = {
	/** The project URL, e.g. http://127.0.0.1:41234 (no /storage/v1). */
	url: string;
	serviceRoleKey: string;
	/** Bucket name → object path → object, for tests to inspect or seed. */
	buckets: Map<string, Map<string, StoredObject>>;
	/** Every request that reached the stand-in, in order. */
	requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
	stop(): Promise<void>;
};

export type StandInOptions = {
	serviceRoleKey?: string;
	/** Buckets that exist (all private); default `['attachments']`. */
	buckets?: string[];
	/** The bucket's file size limit in bytes, as set in the Supabase dashboard. */
	fileSizeLimit?: number;
};

export async function startSupabaseStorageStandIn(options: StandInOptions = {}): Promise<StorageStandIn> {
	const serviceRoleKey = options.serviceRoleKey ?? `stand-in-service-role-${randomUUID()}`;
	const buckets = new Map(
		(options.buckets ?? ['attachments']).map((name) => [name, new Map<string, StoredObject>()])
	);
	const requests: StorageStandIn['requests'] = [];

	const server = http.createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
		requests.push({ method: req.method ?? '', path, headers: req.headers });
		readBody(req)
			.then((body) => route(req, res, path, body))
			.catch((err: Error) => storageError(res, ['500', 'InternalError', 'internal', err.message]));
	});

	function route(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Buffer) {
		// The API gateway, before Storage sees the request.
		const apikey = req.headers.apikey;
		if (!apikey) {
			const hint = 'No `apikey` request header or url param was found.';
			return send(res, 401, { message: 'No API key found in request', hint });
		}
		if (apikey !== serviceRoleKey) {
			const hint = 'Double check your Supabase `anon` or `service_role` API key.';
			return send(res, 401, { message: 'Invalid API key', hint });
		}
		const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
		const authenticated = token === serviceRoleKey;
		const denied = () =>
			storageError(res, ['403', 'AccessDenied', 'Unauthorized', token ? 'invalid signature' : 'jwt must be provided']);

		const object = path.match(/^\/storage\/v1\/object\/(?:(authenticated)\/)?([^/]+)\/(.+)$/);
		const bucketOnly = path.match(/^\/storage\/v1\/object\/([^/]+)\/?$/);

		if (req.method === 'POST' && object && !object[1]) {
			if (!authenticated) return denied();
			return upload(req, res, decodeURIComponent(object[2]), decodeURIComponent(object[3]), body);
		}
		if (req.method === 'GET' && object) {
			const bucket = buckets.get(decodeURIComponent(object[2]));
			// Anonymous requests may only read public buckets, and there are none here.
			if (!bucket || !authenticated) return storageError(res, NO_SUCH_BUCKET);
			const stored = bucket.get(decodeURIComponent(object[3]));
			if (!stored) return storageError(res, ['404', 'NoSuchKey', 'not_found', 'Object not found']);
			res.writeHead(200, {
				'content-type': stored.contentType,
				'content-length': stored.bytes.byteLength,
				'cache-control': stored.cacheControl,
				etag: `"${createHash('md5').update(stored.bytes).digest('hex')}"`,
				'last-modified': new Date(stored.createdAt).toUTCString()
			});
			return res.end(stored.bytes);
		}
		if (req.method === 'DELETE' && bucketOnly) {
			if (!authenticated) return denied();
			return remove(res, decodeURIComponent(bucketOnly[1]), body);
		}
		// Fastify's own 404, which has a numeric statusCode.
		return send(res, 404, { message: `Route ${req.method}:${path} not found`, error: 'Not Found', statusCode: 404 });
	}

	function upload(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		bucketName: string,
		name: string,
		body: Buffer
	) {
		const bucket = buckets.get(bucketName);
		if (!bucket) return storageError(res, NO_SUCH_BUCKET);
		const contentType = req.headers['content-type'] ?? 'application/octet-stream';
		if (contentType.startsWith('multipart/form-data')) {
			// supabase-js sends Blob and File bodies as multipart; attachments send raw bytes.
			const message = 'The stand-in accepts raw bodies only, not multipart/form-data';
			return storageError(res, ['400', 'InvalidRequest', 'InvalidRequest', message]);
		}
		if (bucket.has(name) && req.headers['x-upsert'] !== 'true') {
			return storageError(res, ['409', 'ResourceAlreadyExists', 'Duplicate', 'The resource already exists']);
		}
		if (options.fileSizeLimit !== undefined && body.byteLength > options.fileSizeLimit) {
			const message = 'The object exceeded the maximum allowed size';
			return storageError(res, ['413', 'EntityTooLarge', 'Payload too large', message]);
		}
		const id = randomUUID();
		bucket.set(name, {
			id,
			bytes: new Uint8Array(body),
			contentType,
			cacheControl: req.headers['cache-control'] ?? 'no-cache',
			createdAt: new Date().toISOString()
		});
		return send(res, 200, { Id: id, Key: `${bucketName}/${name}` });
	}

	function remove(res: http.ServerResponse, bucketName: string, body: Buffer) {
		let prefixes: unknown;
		try {
			prefixes = (JSON.parse(body.toString('utf8')) as { prefixes?: unknown }).prefixes;
		} catch {
			return storageError(res, ['400', 'FST_ERR_CTP_INVALID_JSON_BODY', 'Bad Request', 'Body is not valid JSON']);
		}
		if (!Array.isArray(prefixes) || prefixes.length === 0 || prefixes.some((p) => typeof p !== 'string')) {
			const message = 'body/prefixes must be a non-empty array of strings';
			return storageError(res, ['400', 'FST_ERR_VALIDATION', 'Bad Request', message]);
		}
		// Like the real service: deletes what matches, lists what it deleted, and treats a
		// missing object (or bucket) as nothing to do.
		const bucket = buckets.get(bucketName);
		const deleted = [];
		for (const name of prefixes as string[]) {
			const stored = bucket?.get(name);
			if (!bucket || !stored) continue;
			bucket.delete(name);
			deleted.push({
				name,
				bucket_id: bucketName,
				id: stored.id,
				owner: '',
				created_at: stored.createdAt,
				updated_at: stored.createdAt,
				last_accessed_at: stored.createdAt,
				metadata: {
					size: stored.bytes.byteLength,
					mimetype: stored.contentType,
					cacheControl: stored.cacheControl
				}
			});
		}
		return send(res, 200, deleted);
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		serviceRoleKey,
		buckets,
		requests,
		stop: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((err) => (err ? reject(err) : resolve()));
			})
	};
}

/** The body's `statusCode`, `code`, `error` and `message`, in that order. */
type StorageErrorBody = [statusCode: string, code: string, error: string, message: string];

const NO_SUCH_BUCKET: StorageErrorBody = ['404', 'NoSuchBucket', 'Bucket not found', 'Bucket not found'];

function storageError(res: http.ServerResponse, [statusCode, code, error, message]: StorageErrorBody) {
	// Storage's error handler: 500 stays 500, every other error is sent as HTTP 400.
	send(res, statusCode === '500' ? 500 : 400, { statusCode, code, error, message });
}

function send(res: http.ServerResponse, status: number, body: unknown) {
	const json = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(json)
	});
	res.end(json);
}

const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.byteLength;
			if (size > MAX_BODY) req.destroy(new Error('Request body over 64 MiB'));
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}
