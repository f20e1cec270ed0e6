import type { Sql } from '../db/types';

/**
 * Sign-in throttling, per account and per client address, kept in the database so that a
 * restart does not reset it. Fixed windows: `max` failures within `windowS` lock the key
 * for `lockS`.
 */
export interface ThrottleRule {
	max: number;
	windowS: number;
	lockS: number;
}

export const ACCOUNT_RULE: ThrottleRule = { max: 5, windowS: 15 * 60, lockS: 15 * 60 };
export const ADDRESS_RULE: ThrottleRule = { max: 30, windowS: 15 * 60, lockS: 15 * 60 };

export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;

/** Seconds until every key is unlocked; 0 when none is locked. */
export async function lockedFor(sql: Sql, keys: string[]): Promise<number> {
	const [row] = await sql.query<{ seconds: number | null }>(
		`select ceil(extract(epoch from max(locked_until) - now()))::int as seconds
		 from login_throttle where key = any($1) and locked_until > now()`,
		[keys]
	);
	return row?.seconds ?? 0;
}

export async function recordFailure(sql: Sql, key: string, rule: ThrottleRule): Promise<void> {
	await sql.query(
		`insert into login_throttle as t (key, failures, window_started_at) values ($1, 1, now())
		 on conflict (key) do update set
		   failures = case when t.window_started_at < now() - make_interval(secs => $2) then 1 else t.failures + 1 end,
		   window_started_at = case when t.window_started_at < now() - make_interval(secs => $2) then now() else t.window_started_at end`,
		[key, rule.windowS]
	);
	await sql.query(
		`update login_throttle set locked_until = now() + make_interval(secs => $3), failures = 0, window_started_at = now()
		 where key = $1 and failures >= $2`,
		[key, rule.max, rule.lockS]
	);
}

export async function clearFailures(sql: Sql, key: string): Promise<void> {
	await sql.query('delete from login_throttle where key = $1', [key]);
}
