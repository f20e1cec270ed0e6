import type { Sql } from '../db/types';

export interface Credentials {
	id: string;
	passwordHash: string;
}

/** System-only: the password hash is never readable as a user. */
export async function findCredentials(sql: Sql, email: string): Promise<Credentials | undefined> {
	const [row] = await sql.query<{ id: string; password_hash: string }>(
		'select id, password_hash from users where lower(email) = lower($1)',
		[email]
	);
	return row && { id: row.id, passwordHash: row.password_hash };
}

export async function findUserIdByEmail(sql: Sql, email: string): Promise<string | undefined> {
	const [row] = await sql.query<{ id: string }>('select id from users where lower(email) = lower($1)', [email]);
	return row?.id;
}

export async function insertUser(
	sql: Sql,
	user: { email: string; displayName: string; passwordHash: string; locale?: string | null }
): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		'insert into users (email, display_name, password_hash, locale) values ($1, $2, $3, $4) returning id',
		[user.email, user.displayName, user.passwordHash, user.locale ?? null]
	);
	return row.id;
}

export async function setPasswordHash(sql: Sql, userId: string, passwordHash: string): Promise<void> {
	await sql.query('update users set password_hash = $2, password_changed_at = now() where id = $1', [
		userId,
		passwordHash
	]);
}

/** As the user (RLS: only their own row). */
export async function updateProfile(
	sql: Sql,
	userId: string,
	profile: { displayName: string; locale: string | null }
): Promise<void> {
	await sql.query('update users set display_name = $2, locale = $3 where id = $1', [
		userId,
		profile.displayName,
		profile.locale
	]);
}

export async function setLocaleSetting(sql: Sql, userId: string, locale: string | null): Promise<void> {
	await sql.query('update users set locale = $2 where id = $1', [userId, locale]);
}
