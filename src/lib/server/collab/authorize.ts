import type { IncomingMessage } from 'node:http';
import { CLOSE, COLLAB_PATH, type CloseCode } from '$lib/collab/protocol';
import { userColor, type PresenceUser } from '$lib/collab/presence';
import { SESSION_COOKIE, SESSION_VALID_SQL } from '../auth/session';
import { hashToken } from '../auth/tokens';
import { batched } from '../db/batched';
import type { Database } from '../db/database';
import type { MunicipalityRole } from '$lib/domain/roles';

export interface Grant {
	noteId: string;
	userId: string;
	sessionId: string;
	readOnly: boolean;
	user: PresenceUser;
}

const NOTE_PATH = new RegExp(`^${COLLAB_PATH}/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\\?.*)?$`);

function cookie(header: string | undefined, name: string): string | undefined {
	for (const part of header?.split(';') ?? []) {
		const [key, ...value] = part.trim().split('=');
		if (key === name) return decodeURIComponent(value.join('='));
	}
	return undefined;
}

/** Coordinators and members write; observers, and everyone on an archived note, read. */
export const readOnlyFor = (role: MunicipalityRole, archived: boolean) => archived || role === 'observer';

/**
 * Whether the note `n` is read-only for everyone: archived, or the minutes of a meeting whose
 * minutes were approved (`mt`, left-joined on meetings.minutes_note_id).
 */
export const NOTE_FROZEN_SQL = '(n.archived_at is not null or mt.minutes_approved_at is not null)';

/** A session's standing on a note, as one row of standingsOf(). */
export type StandingRow = {
	note_id: string | null;
	user_id: string | null;
	display_name: string | null;
	valid: boolean | null;
	municipality_id: string | null;
	archived: boolean;
	role: MunicipalityRole | null;
	organization: string | null;
};

/**
 * What decides each (session, note) pair, in one query for all of them: for connecting (a
 * reconnect storm after a restart is thousands of these at once; see batched()) and for
 * rechecking open connections (revalidate.ts). The rules are those of validateSessionToken and
 * access.ts. Answers in the order of `keys`; undefined where nothing matched.
 */
export async function standingsOf(db: Database, keys: { sessionId: string; noteId: string }[]): Promise<(StandingRow | undefined)[]> {
	const rows = await db.systemStatement<StandingRow & { i: number }>(
		`select c.i::int as i, n.id as note_id, s.user_id, u.display_name, ${SESSION_VALID_SQL} as valid,
		        n.municipality_id, ${NOTE_FROZEN_SQL} as archived, m.role, o.name as organization
		 from unnest($1::text[], $2::uuid[]) with ordinality as c(session_id, note_id, i)
		 left join sessions s on s.id = c.session_id
		 left join users u on u.id = s.user_id
		 left join notes n on n.id = c.note_id
		 left join meetings mt on mt.minutes_note_id = n.id
		 left join memberships m on m.user_id = s.user_id and m.municipality_id = n.municipality_id
		 left join organizations o on o.id = m.organization_id`,
		[keys.map((k) => k.sessionId), keys.map((k) => k.noteId)]
	);
	const byIndex: (StandingRow | undefined)[] = new Array(keys.length);
	for (const row of rows) byIndex[row.i - 1] ??= row;
	return byIndex;
}

/** Whether the row's session is one that is still signed in (for connecting and for rechecking). */
export const sessionIsValid = (row: StandingRow | undefined): row is StandingRow & { user_id: string } => Boolean(row?.valid && row.user_id);

/** Organization names as connections share them (a board has a handful of organizations). */
const organizationNames = new Map<string, string>();
function organizationName(name: string | null): string | null {
	if (name === null) return null;
	const known = organizationNames.get(name);
	if (known !== undefined) return known;
	if (organizationNames.size >= 10_000) organizationNames.clear(); // renamed ones pile up only this far
	organizationNames.set(name, name);
	return name;
}

export type Authorize = (req: IncomingMessage) => Promise<Grant | { refuse: CloseCode }>;

/**
 * Decides WebSocket upgrades before any document data is sent: the page's origin, the
 * session cookie, the note, and the person's role on the note's board. Concurrent upgrades
 * share one query. A WebSocket does not slide the session's expiry, pages do.
 */
export function authorizer(db: () => Promise<Database>, expectedOrigin: (req: IncomingMessage) => string): Authorize {
	const standing = batched(async (keys: { sessionId: string; noteId: string }[]) => standingsOf(await db(), keys));
	return async (req) => {
		// Browsers always send Origin on WebSockets; a page of another site must not ride our cookie.
		if (req.headers.origin !== expectedOrigin(req)) return { refuse: CLOSE.forbidden };
		const match = NOTE_PATH.exec(req.url ?? '');
		if (!match) return { refuse: CLOSE.notFound };
		const token = cookie(req.headers.cookie, SESSION_COOKIE);
		if (!token) return { refuse: CLOSE.unauthenticated };
		const sessionId = hashToken(token);
		const row = await standing({ sessionId, noteId: match[1] });
		if (!sessionIsValid(row)) return { refuse: CLOSE.unauthenticated };
		if (!row.municipality_id || !row.note_id) return { refuse: CLOSE.notFound };
		if (!row.role) return { refuse: CLOSE.forbidden };
		// What a connection keeps for as long as it is open, so as little as it can: the note's id
		// as the database spelled it (the URL's part would keep the whole URL alive), and one
		// string per organization name however many people of it are connected.
		return {
			noteId: row.note_id,
			userId: row.user_id,
			sessionId,
			readOnly: readOnlyFor(row.role, row.archived),
			// Frozen: every awareness state of the connection points at this one object.
			user: Object.freeze({ name: row.display_name!, organization: organizationName(row.organization), color: userColor(row.user_id) })
		};
	};
}
