import type { Database } from '../db/database';
import { verifyNothing, verifyPassword } from '../auth/password';
import { ACCOUNT_RULE, ADDRESS_RULE, accountKey, addressKey, clearFailures, lockedFor, recordFailure } from '../auth/throttle';
import { findCredentials } from '../repos/users';

export type SignInResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'wrong_credentials' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * Checks a password with throttling per account and per client address. A locked account
 * stays locked even for the right password, so guessing gains nothing while locked.
 */
export async function signIn(db: Database, email: string, password: string, ip: string): Promise<SignInResult> {
	const keys = [accountKey(email), addressKey(ip)];
	const locked = await db.system((sql) => lockedFor(sql, keys));
	if (locked > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: locked };

	// argon2 runs outside any transaction: it takes ~50 ms and PGlite has one connection.
	const credentials = await db.system((sql) => findCredentials(sql, email));
	const valid = credentials
		? await verifyPassword(credentials.passwordHash, password)
		: await verifyNothing(password);

	return db.system(async (sql) => {
		if (valid && credentials) {
			await clearFailures(sql, keys[0]);
			return { ok: true, userId: credentials.id };
		}
		await recordFailure(sql, keys[0], ACCOUNT_RULE);
		await recordFailure(sql, keys[1], ADDRESS_RULE);
		const nowLocked = await lockedFor(sql, keys);
		return nowLocked > 0
			? { ok: false, reason: 'throttled', retryAfterSeconds: nowLocked }
			: { ok: false, reason: 'wrong_credentials' };
	});
}
