import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSupabaseStorageStandIn, type StorageStandIn } from '../../../../tests/support/supabase-storage-stand-in';
import { AttachmentExistsError, AttachmentStorageError, newAttachmentKey } from './storage';
import { createSupabaseStorage } from './supabase-storage';

let standIn: StorageStandIn;
beforeAll(async () => {
	standIn = await startSupabaseStorageStandIn();
});
afterAll(() => standIn.stop());

const storage = (overrides: { serviceRoleKey?: string; bucket?: string; url?: string } = {}) =>
	createSupabaseStorage({ url: standIn.url, serviceRoleKey: standIn.serviceRoleKey, ...overrides });
const bytesOf = (text: string) => new TextEncoder().encode(text);
const stored = (key: string) => standIn.buckets.get('attachments')!.get(key);

describe('attachments in Supabase Storage', () => {
	it('store and read back the exact bytes, with the content type, without upserting', async () => {
		const files = storage();
		const key = newAttachmentKey();
		const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31) % 256);
		await files.put(key, bytes, 'application/pdf');
		expect(await files.get(key)).toEqual(bytes);
		expect(stored(key)?.contentType).toBe('application/pdf');
		const upload = standIn.requests.find((r) => r.method === 'POST' && r.path.endsWith(key))!;
		expect(upload.path).toBe(`/storage/v1/object/attachments/${key}`);
		expect(upload.headers['x-upsert']).toBe('false');
		expect(files.kind).toBe('supabase');
	});

	it('never replace a stored attachment', async () => {
		const files = storage();
		const key = newAttachmentKey();
		await files.put(key, bytesOf('first'), 'text/plain');
		await expect(files.put(key, bytesOf('second'), 'text/plain')).rejects.toThrow(AttachmentExistsError);
		expect(new TextDecoder().decode((await files.get(key))!)).toBe('first');
	});

	it('answer null for a missing object', async () => {
		expect(await storage().get(newAttachmentKey())).toBeNull();
	});

	it('delete, and delete what is already gone without complaint', async () => {
		const files = storage();
		const key = newAttachmentKey();
		await files.put(key, bytesOf('x'), 'text/plain');
		await files.delete(key);
		expect(stored(key)).toBeUndefined();
		expect(await files.get(key)).toBeNull();
		await expect(files.delete(key)).resolves.toBeUndefined();
	});

	it('refuse a wrong key with an error that names the setting, on every operation', async () => {
		const files = storage({ serviceRoleKey: 'not-the-service-role-key' });
		const key = newAttachmentKey();
		const refused = /Invalid API key.*HTTP 401.*SUPABASE_SERVICE_ROLE_KEY/;
		await expect(files.put(key, bytesOf('x'), 'text/plain')).rejects.toThrow(refused);
		// Not null: a wrong key must not look like a missing attachment.
		await expect(files.get(key)).rejects.toThrow(refused);
		await expect(files.delete(key)).rejects.toThrow(refused);
		expect(stored(key)).toBeUndefined();
	});

	it('treat a missing bucket as a configuration error, not a missing attachment', async () => {
		const files = storage({ bucket: 'no-such-bucket' });
		const key = newAttachmentKey();
		await expect(files.put(key, bytesOf('x'), 'text/plain')).rejects.toThrow(/Bucket not found.*SUPABASE_STORAGE_BUCKET/);
		await expect(files.get(key)).rejects.toThrow(AttachmentStorageError);
	});

	it('say so when Storage cannot be reached', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
		await new Promise((resolve) => closed.close(resolve));
		await expect(storage({ url }).get(newAttachmentKey())).rejects.toThrow(/unreachable/);
	});

	it('refuse a malformed key without sending anything', async () => {
		const before = standIn.requests.length;
		await expect(storage().get('../other-bucket/secret')).rejects.toThrow(/Invalid attachment key/);
		await expect(storage().put('a/b', bytesOf('x'), 'text/plain')).rejects.toThrow(/Invalid attachment key/);
		expect(standIn.requests.length).toBe(before);
	});
});

describe('the Storage stand-in', () => {
	const call = (path: string, headers: Record<string, string>, init: RequestInit = {}) =>
		fetch(`${standIn.url}${path}`, { ...init, headers });

	it('answers as the real service does when the bearer token is wrong', async () => {
		const key = newAttachmentKey();
		await storage().put(key, bytesOf('x'), 'text/plain');
		const headers = { apikey: standIn.serviceRoleKey, authorization: 'Bearer wrong' };
		// Reads with a bad token are anonymous, and anonymous users cannot see private buckets.
		const read = await call(`/storage/v1/object/attachments/${key}`, headers);
		expect(read.status).toBe(400);
		expect(await read.json()).toMatchObject({ statusCode: '404', error: 'Bucket not found' });
		const write = await call(`/storage/v1/object/attachments/${newAttachmentKey()}`, headers, {
			method: 'POST',
			body: 'x'
		});
		expect(write.status).toBe(400);
		expect(await write.json()).toMatchObject({ statusCode: '403', code: 'AccessDenied', error: 'Unauthorized' });
	});

	it('refuses a request without an API key at the gateway', async () => {
		const response = await call(`/storage/v1/object/attachments/${newAttachmentKey()}`, {});
		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ message: 'No API key found in request' });
	});
});
