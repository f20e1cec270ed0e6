import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// config.ts reads the environment once, at import: each case imports a fresh copy.
async function storageWith(env: Record<string, string>) {
	for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
	vi.resetModules();
	return (await import('./index')).attachmentStorage();
}

describe('choosing where attachments live', () => {
	afterEach(() => {
		vi.unstubAllEnvs();
		vi.resetModules();
	});

	it('uses the data directory when Supabase is not configured', async () => {
		const dataDir = path.join(os.tmpdir(), 'rt-attachments-choice');
		const storage = await storageWith({ DATA_DIR: dataDir, SUPABASE_URL: '', SUPABASE_SERVICE_ROLE_KEY: '' });
		expect(storage.kind).toBe('disk');
	});

	it('uses Supabase Storage when both its URL and key are set', async () => {
		const storage = await storageWith({ SUPABASE_URL: 'http://127.0.0.1:1', SUPABASE_SERVICE_ROLE_KEY: 'secret' });
		expect(storage.kind).toBe('supabase');
	});

	it('refuses half a Supabase configuration instead of quietly using the disk', async () => {
		await expect(storageWith({ SUPABASE_URL: 'http://127.0.0.1:1', SUPABASE_SERVICE_ROLE_KEY: '' })).rejects.toThrow(
			/SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY/
		);
	});
});
