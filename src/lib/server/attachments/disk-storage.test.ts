import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskStorage } from './disk-storage';
import { AttachmentExistsError, AttachmentStorageError, newAttachmentKey } from './storage';

const tempDirs: string[] = [];
const tempDir = () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-attachments-'));
	tempDirs.push(dir);
	return dir;
};
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('attachments on disk', () => {
	it('store and read back the exact bytes, readable only by the server', async () => {
		const dir = path.join(tempDir(), 'attachments');
		const storage = createDiskStorage(dir);
		const key = newAttachmentKey();
		const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
		await storage.put(key, bytes, 'application/pdf');
		expect(await storage.get(key)).toEqual(bytes);
		expect(fs.statSync(path.join(dir, key)).mode & 0o777).toBe(0o600);
		expect(storage.kind).toBe('disk');
	});

	it('answer null for a key that holds nothing, and delete what is missing without complaint', async () => {
		const storage = createDiskStorage(tempDir());
		const key = newAttachmentKey();
		expect(await storage.get(key)).toBeNull();
		await expect(storage.delete(key)).resolves.toBeUndefined();
		await storage.put(key, bytesOf('x'), 'text/plain');
		await storage.delete(key);
		expect(await storage.get(key)).toBeNull();
		await expect(storage.delete(key)).resolves.toBeUndefined();
	});

	it('refuse keys that could name a path, before touching the file system', async () => {
		const parent = tempDir();
		const dir = path.join(parent, 'attachments');
		fs.writeFileSync(path.join(parent, 'secret'), 'do not read or delete');
		const storage = createDiskStorage(dir);
		const uuid = newAttachmentKey();
		const bad = [
			'../secret',
			'../../etc/passwd',
			'..',
			'',
			'/etc/passwd',
			`${uuid}/../../secret`,
			`..\\${uuid}`,
			uuid.toUpperCase(),
			`${uuid}\0`,
			`.tmp-${uuid}`,
			`${uuid} `
		];
		for (const key of bad) {
			await expect(storage.get(key), key).rejects.toThrow(AttachmentStorageError);
			await expect(storage.put(key, bytesOf('x'), 'text/plain'), key).rejects.toThrow(/Invalid attachment key/);
			await expect(storage.delete(key), key).rejects.toThrow(AttachmentStorageError);
		}
		expect(fs.readFileSync(path.join(parent, 'secret'), 'utf8')).toBe('do not read or delete');
		expect(fs.existsSync(dir)).toBe(false);
	});

	it('never replace a stored attachment', async () => {
		const dir = tempDir();
		const storage = createDiskStorage(dir);
		const key = newAttachmentKey();
		await storage.put(key, bytesOf('first'), 'text/plain');
		await expect(storage.put(key, bytesOf('second'), 'text/plain')).rejects.toThrow(AttachmentExistsError);
		expect(new TextDecoder().decode((await storage.get(key))!)).toBe('first');
		expect(fs.readdirSync(dir)).toEqual([key]);
	});

	it('let a concurrent reader see the whole file or nothing', async () => {
		const dir = tempDir();
		const storage = createDiskStorage(dir);
		const key = newAttachmentKey();
		const bytes = new Uint8Array(10 * 1024 * 1024).fill(7);
		let done = false;
		const writing = storage.put(key, bytes, 'application/pdf').finally(() => (done = true));
		const seen: (number | null)[] = [];
		while (!done) {
			seen.push((await storage.get(key))?.byteLength ?? null);
		}
		await writing;
		expect(seen.every((length) => length === null || length === bytes.byteLength)).toBe(true);
		// Buffer.equals: a deep toEqual over 10 MiB takes minutes.
		expect(Buffer.from((await storage.get(key))!).equals(bytes)).toBe(true);
		// Nothing left behind but the attachment itself.
		expect(fs.readdirSync(dir)).toEqual([key]);
	});

	it('ignore what an interrupted write left behind', async () => {
		const dir = tempDir();
		const key = newAttachmentKey();
		fs.writeFileSync(path.join(dir, `.tmp-${key}-${newAttachmentKey()}`), 'half a fi');
		const storage = createDiskStorage(dir);
		expect(await storage.get(key)).toBeNull();
		await storage.put(key, bytesOf('whole file'), 'text/plain');
		expect(new TextDecoder().decode((await storage.get(key))!)).toBe('whole file');
	});
});
