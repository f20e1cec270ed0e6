import { afterAll, beforeAll } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { openTestDatabase } from './test-db';

/** One database per test file: opened (then `setup` runs) before its tests, dropped after. */
export function useTestDatabase(setup: (db: Database) => Promise<void> | void): void {
	let close: (() => Promise<void>) | undefined;
	beforeAll(async () => {
		const opened = await openTestDatabase();
		close = opened.close;
		await setup(opened.db);
	});
	afterAll(() => close?.());
}
