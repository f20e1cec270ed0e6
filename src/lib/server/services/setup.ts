import type { Database } from '../db/database';
import { hashPassword } from '../auth/password';
import { completeSetup, isSetUp } from '../repos/setup';
import { insertUser } from '../repos/users';

export function setupDone(db: Database): Promise<boolean> {
	return db.system(isSetUp);
}

/** Creates the region and its first hub admin; returns undefined if setup was already done. */
export async function runSetup(
	db: Database,
	input: { displayName: string; email: string; password: string; regionName: string; locale: string | null }
): Promise<string | undefined> {
	const passwordHash = await hashPassword(input.password);
	try {
		return await db.system(async (sql) => {
			if (await isSetUp(sql)) return undefined;
			const userId = await insertUser(sql, { ...input, passwordHash });
			await completeSetup(sql, { regionName: input.regionName, userId });
			return userId;
		});
	} catch (err) {
		// A concurrent setup won the race for the single app_settings row.
		if ((err as { code?: string }).code === '23505') return undefined;
		throw err;
	}
}
