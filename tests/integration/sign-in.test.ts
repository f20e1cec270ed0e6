import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { ACCOUNT_RULE, ADDRESS_RULE } from '$lib/server/auth/throttle';
import { signIn } from '$lib/server/services/sign-in';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { PASSWORD, makeUser } from './helpers/world';

let db: Database;

useTestDatabase((opened) => {
	db = opened;
});

describe(`sign-in and throttling on ${driverName()}`, () => {
	it('accepts the right password, refuses a wrong one and an unknown account alike', async () => {
		const id = await makeUser(db, 'right@test.test');
		expect(await signIn(db, 'Right@Test.test', PASSWORD, '10.0.0.1')).toEqual({ ok: true, userId: id });
		expect(await signIn(db, 'right@test.test', 'wrong password', '10.0.0.1')).toEqual({ ok: false, reason: 'wrong_credentials' });
		expect(await signIn(db, 'nobody@test.test', PASSWORD, '10.0.0.1')).toEqual({ ok: false, reason: 'wrong_credentials' });
	});

	it('locks an account after repeated failures, even against the right password, from any address', async () => {
		await makeUser(db, 'target@test.test');
		const results = [];
		for (let i = 0; i < ACCOUNT_RULE.max; i++) results.push(await signIn(db, 'target@test.test', `guess ${i}`, `10.0.1.${i}`));
		expect(results.slice(0, -1).every((r) => !r.ok && r.reason === 'wrong_credentials')).toBe(true);
		expect(results.at(-1)).toMatchObject({ ok: false, reason: 'throttled' });
		const right = await signIn(db, 'target@test.test', PASSWORD, '10.0.9.9');
		expect(right).toMatchObject({ ok: false, reason: 'throttled' });
		if (!right.ok && right.reason === 'throttled') expect(right.retryAfterSeconds).toBeGreaterThan(ACCOUNT_RULE.lockS - 60);
	});

	it('locks a client address that sprays many accounts', async () => {
		const ip = '10.0.2.1';
		let last;
		for (let i = 0; i < ADDRESS_RULE.max; i++) last = await signIn(db, `spray${i}@test.test`, 'guess', ip);
		expect(last).toMatchObject({ ok: false, reason: 'throttled' });
		const id = await makeUser(db, 'innocent@test.test');
		expect(await signIn(db, 'innocent@test.test', PASSWORD, ip)).toMatchObject({ ok: false, reason: 'throttled' });
		expect(await signIn(db, 'innocent@test.test', PASSWORD, '10.0.2.2')).toEqual({ ok: true, userId: id });
	});
});
