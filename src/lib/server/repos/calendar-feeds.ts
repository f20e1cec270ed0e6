import type { Sql } from '../db/types';

/**
 * Personal calendar feeds: one per person, named by the SHA-256 of the secret token in its URL.
 * The table has no grants for the app role (like sessions), so these run on the server's own
 * connection (`db.system`); every function is scoped to one user or one token hash.
 */

export async function findFeedCreatedAt(sql: Sql, userId: string): Promise<Date | null> {
	const [row] = await sql.query<{ created_at: Date }>('select created_at from calendar_feeds where user_id = $1', [userId]);
	return row?.created_at ?? null;
}

/** Replaces the person's feed token: the previous URL stops working at once. */
export async function replaceFeed(sql: Sql, userId: string, tokenHash: string): Promise<void> {
	await sql.query(
		`insert into calendar_feeds (user_id, token_hash) values ($1, $2)
		 on conflict (user_id) do update set token_hash = excluded.token_hash, created_at = now()`,
		[userId, tokenHash]
	);
}

export async function deleteFeed(sql: Sql, userId: string): Promise<boolean> {
	const rows = await sql.query('delete from calendar_feeds where user_id = $1 returning user_id', [userId]);
	return rows.length === 1;
}

/** The person a feed token belongs to, with their language for the calendar's texts. */
export async function findFeedOwner(sql: Sql, tokenHash: string): Promise<{ userId: string; locale: string | null } | undefined> {
	const [row] = await sql.query<{ user_id: string; locale: string | null }>(
		'select f.user_id, u.locale from calendar_feeds f join users u on u.id = f.user_id where f.token_hash = $1',
		[tokenHash]
	);
	return row && { userId: row.user_id, locale: row.locale };
}
