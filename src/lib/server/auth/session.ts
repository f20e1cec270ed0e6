import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { Sql } from '../db/types';
import type { Database } from '../db/database';
import type { Actor } from './access';
import { publish } from '../events';
import { generateToken, hashToken } from './tokens';

/** Idle sessions end after 14 days; any session ends 30 days after sign-in. */
export const IDLE_MS = 14 * 24 * 3600_000;
export const ABSOLUTE_MS = 30 * 24 * 3600_000;
export const SESSION_COOKIE = 'rt_session';

export interface SessionUser {
	id: string;
	email: string;
	displayName: string;
	locale: string | null;
}

export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
	absoluteExpiresAt: Date;
}

export interface ValidatedSession {
	session: Session;
	user: SessionUser;
	actor: Actor;
	/** True when the idle expiry moved and the cookie needs a new Max-Age. */
	refreshed: boolean;
}

export async function createSession(
	db: Database,
	userId: string,
	meta: { userAgent?: string | null; ip?: string | null } = {}
): Promise<{ token: string; session: Session }> {
	const token = generateToken();
	const now = Date.now();
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now + IDLE_MS),
		absoluteExpiresAt: new Date(now + ABSOLUTE_MS)
	};
	await db.system((sql) =>
		sql.query(
			`insert into sessions (id, user_id, expires_at, absolute_expires_at, user_agent, ip)
			 values ($1, $2, $3, $4, $5, $6)`,
			[session.id, userId, session.expiresAt, session.absoluteExpiresAt, meta.userAgent?.slice(0, 300) ?? null, meta.ip ?? null]
		)
	);
	return { token, session };
}

/**
 * The SQL condition under which the session row `s` is still valid, for queries that check
 * many sessions at once (the collaboration server's connections) instead of calling
 * validateSessionToken, which also slides the expiry and loads the person's roles.
 */
export const SESSION_VALID_SQL = '(s.expires_at > now() and s.absolute_expires_at > now())';

export async function validateSessionToken(db: Database, token: string): Promise<ValidatedSession | null> {
	const id = hashToken(token);
	const result = await db.system(async (sql): Promise<ValidatedSession | 'expired' | null> => {
		const [row] = await sql.query<{
			user_id: string;
			expires_at: Date;
			absolute_expires_at: Date;
			email: string;
			display_name: string;
			locale: string | null;
		}>(
			`select s.user_id, s.expires_at, s.absolute_expires_at, u.email, u.display_name, u.locale
			 from sessions s join users u on u.id = s.user_id where s.id = $1`,
			[id]
		);
		if (!row) return null;
		const now = Date.now();
		if (now >= row.expires_at.getTime() || now >= row.absolute_expires_at.getTime()) {
			await sql.query('delete from sessions where id = $1', [id]);
			return 'expired';
		}
		const session: Session = {
			id,
			userId: row.user_id,
			expiresAt: row.expires_at,
			absoluteExpiresAt: row.absolute_expires_at
		};
		// Slide the idle expiry once half of it is used up: one write a week, not one a request.
		let refreshed = false;
		if (session.expiresAt.getTime() - now < IDLE_MS / 2) {
			session.expiresAt = new Date(Math.min(now + IDLE_MS, session.absoluteExpiresAt.getTime()));
			await sql.query('update sessions set expires_at = $2, last_seen_at = now() where id = $1', [
				id,
				session.expiresAt
			]);
			refreshed = true;
		}
		const actor = await loadActor(sql, row.user_id);
		return {
			session,
			user: { id: row.user_id, email: row.email, displayName: row.display_name, locale: row.locale },
			actor,
			refreshed
		};
	});
	if (result !== 'expired') return result;
	// After the commit, so that nobody rechecks this session against a row not yet deleted.
	publish({ type: 'access', sessionIds: [id] });
	return null;
}

async function loadActor(sql: Sql, userId: string): Promise<Actor> {
	const memberships = await sql.query<{ municipality_id: string; role: Actor['memberships'][number]['role']; organization_id: string | null }>(
		'select municipality_id, role, organization_id from memberships where user_id = $1',
		[userId]
	);
	const hubRoles = await sql.query<{ region_id: string; role: Actor['hubRoles'][number]['role'] }>(
		'select region_id, role from hub_roles where user_id = $1',
		[userId]
	);
	return {
		userId,
		memberships: memberships.map((m) => ({
			municipalityId: m.municipality_id,
			role: m.role,
			organizationId: m.organization_id
		})),
		hubRoles: hubRoles.map((h) => ({ regionId: h.region_id, role: h.role }))
	};
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
	await db.system((sql) => sql.query('delete from sessions where id = $1', [sessionId]));
	publish({ type: 'access', sessionIds: [sessionId] });
}

/** Ends a user's sessions, keeping `keep` (the one making the request) if given. */
export async function invalidateUserSessions(db: Database, userId: string, keep?: string): Promise<void> {
	await db.system((sql) =>
		sql.query('delete from sessions where user_id = $1 and id <> coalesce($2, \'\')', [userId, keep ?? null])
	);
	publish({ type: 'access', userIds: [userId] });
}

export interface SessionListing {
	id: string;
	createdAt: Date;
	lastSeenAt: Date;
	userAgent: string | null;
	current: boolean;
}

export async function listSessions(db: Database, userId: string, currentId: string): Promise<SessionListing[]> {
	const rows = await db.system((sql) =>
		sql.query<{ id: string; created_at: Date; last_seen_at: Date; user_agent: string | null }>(
			`select id, created_at, last_seen_at, user_agent from sessions
			 where user_id = $1 and expires_at > now() and absolute_expires_at > now()
			 order by last_seen_at desc`,
			[userId]
		)
	);
	return rows.map((r) => ({
		id: r.id,
		createdAt: r.created_at,
		lastSeenAt: r.last_seen_at,
		userAgent: r.user_agent,
		current: r.id === currentId
	}));
}

/** Signs the request's browser in as `userId`: a new session and its cookie. */
export async function startSession(db: Database, event: RequestEvent, userId: string): Promise<void> {
	const { token, session } = await createSession(db, userId, {
		userAgent: event.request.headers.get('user-agent'),
		ip: event.getClientAddress()
	});
	setSessionCookie(event.cookies, token, session);
}

export function setSessionCookie(cookies: Cookies, token: string, session: Session): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		// SvelteKit sets Secure except on http://localhost, where browsers refuse it anyway.
		expires: session.expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
