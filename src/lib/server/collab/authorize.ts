import type { IncomingMessage } from 'node:http';
import { CLOSE, COLLAB_PATH, type CloseCode } from '$lib/collab/protocol';
import { userColor, type PresenceUser } from '$lib/collab/presence';
import { SESSION_COOKIE, validateSessionToken } from '../auth/session';
import type { Database } from '../db/database';
import type { MunicipalityRole } from '$lib/domain/roles';
import type { NoteStore } from './store';

export interface Grant {
	noteId: string;
	municipalityId: string;
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
 * Decides a WebSocket upgrade before any document data is sent: the page's origin, the
 * session cookie, the note, and the person's role on the note's board.
 */
export async function authorize(
	req: IncomingMessage,
	db: Database,
	store: NoteStore,
	expectedOrigin: (req: IncomingMessage) => string
): Promise<Grant | { refuse: CloseCode }> {
	// Browsers always send Origin on WebSockets; a page of another site must not ride our cookie.
	if (req.headers.origin !== expectedOrigin(req)) return { refuse: CLOSE.forbidden };
	const match = NOTE_PATH.exec(req.url ?? '');
	if (!match) return { refuse: CLOSE.notFound };
	const token = cookie(req.headers.cookie, SESSION_COOKIE);
	const validated = token ? await validateSessionToken(db, token) : null;
	if (!validated) return { refuse: CLOSE.unauthenticated };
	const note = await store.access(match[1]);
	if (!note) return { refuse: CLOSE.notFound };
	const membership = validated.actor.memberships.find((m) => m.municipalityId === note.municipalityId);
	if (!membership) return { refuse: CLOSE.forbidden };
	const organization = membership.organizationId
		? await db.system(async (sql) => {
				const [row] = await sql.query<{ name: string }>('select name from organizations where id = $1', [membership.organizationId]);
				return row?.name ?? null;
			})
		: null;
	return {
		noteId: match[1],
		municipalityId: note.municipalityId,
		userId: validated.user.id,
		sessionId: validated.session.id,
		readOnly: readOnlyFor(membership.role, note.archived),
		user: { name: validated.user.displayName, organization, color: userColor(validated.user.id) }
	};
}
