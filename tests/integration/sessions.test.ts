import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { ABSOLUTE_MS, IDLE_MS, createSession, invalidateUserSessions, listSessions, validateSessionToken } from '$lib/server/auth/session';
import { hashToken } from '$lib/server/auth/tokens';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeUser } from './helpers/world';

let db: Database;
let userId: string;

useTestDatabase(async (opened) => {
	db = opened;
	userId = await makeUser(db, 'session@test.test');
});

const shift = (token: string, column: 'expires_at' | 'absolute_expires_at', ms: number) =>
	db.system((sql) => sql.query(`update sessions set ${column} = now() + make_interval(secs => $2) where id = $1`, [hashToken(token), ms / 1000]));

describe(`sessions on ${driverName()}`, () => {
	it('stores only the hash of the token', async () => {
		const { token } = await createSession(db, userId);
		const rows = await db.system((sql) => sql.query<{ id: string }>('select id from sessions where user_id = $1', [userId]));
		expect(rows.map((r) => r.id)).toContain(hashToken(token));
		expect(rows.map((r) => r.id)).not.toContain(token);
		expect(await validateSessionToken(db, token)).not.toBeNull();
		expect(await validateSessionToken(db, token + 'x')).toBeNull();
	});

	it('slides the idle expiry when half of it is used, never past the absolute end', async () => {
		const { token } = await createSession(db, userId);
		const fresh = await validateSessionToken(db, token);
		expect(fresh?.refreshed).toBe(false);
		await shift(token, 'expires_at', IDLE_MS / 4);
		const slid = await validateSessionToken(db, token);
		expect(slid?.refreshed).toBe(true);
		expect(slid!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + IDLE_MS * 0.9);
		await shift(token, 'expires_at', IDLE_MS / 4);
		await shift(token, 'absolute_expires_at', 3600_000);
		const capped = await validateSessionToken(db, token);
		expect(capped!.session.expiresAt.getTime()).toBeLessThanOrEqual(capped!.session.absoluteExpiresAt.getTime());
		expect(ABSOLUTE_MS).toBeGreaterThan(IDLE_MS);
	});

	it('an idle-expired or absolutely-expired session is refused and deleted', async () => {
		for (const column of ['expires_at', 'absolute_expires_at'] as const) {
			const { token } = await createSession(db, userId);
			await shift(token, column, -1000);
			expect(await validateSessionToken(db, token)).toBeNull();
			const left = await db.system((sql) => sql.query('select 1 from sessions where id = $1', [hashToken(token)]));
			expect(left).toHaveLength(0);
		}
	});

	it('ending the other sessions keeps the current one', async () => {
		const other = await makeUser(db, 'many-sessions@test.test');
		const a = await createSession(db, other);
		const b = await createSession(db, other);
		await invalidateUserSessions(db, other, a.session.id);
		expect(await validateSessionToken(db, a.token)).not.toBeNull();
		expect(await validateSessionToken(db, b.token)).toBeNull();
		const listed = await listSessions(db, other, a.session.id);
		expect(listed.map((s) => s.current)).toEqual([true]);
	});
});
