import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The app's database singleton reads DATA_DIR when first imported.
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-healthz-'));
delete process.env.DATABASE_URL;
const { closeDatabase, startDatabase } = await import('$lib/server/db');
const { GET } = await import('./+server');

const get = () => GET({} as Parameters<typeof GET>[0]);

afterAll(() => closeDatabase());

describe('GET /healthz', () => {
	it('answers 503 until migrations are applied, then 200 with the driver', async () => {
		const before = await get();
		expect(before.status).toBe(503);
		expect(await before.json()).toEqual({ status: 'starting' });
		await startDatabase();
		const after = await get();
		expect(after.status).toBe(200);
		expect(await after.json()).toEqual({ status: 'ok', db: 'pglite' });
		expect(after.headers.get('cache-control')).toBe('no-store');
	});
});
