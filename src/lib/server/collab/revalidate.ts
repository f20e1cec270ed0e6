import { SESSION_VALID_SQL } from '../auth/session';
import { NOTE_FROZEN_SQL } from './authorize';
import type { Database } from '../db/database';
import type { MunicipalityRole } from '$lib/domain/roles';

export interface Standing {
	sessionValid: boolean;
	role: MunicipalityRole | undefined;
	archived: boolean;
}

/**
 * The current standing of many open connections in two queries: whether each session is
 * still valid, the person's role on the note's board, and whether the note is archived.
 */
export async function standings(
	db: Database,
	connections: { sessionId: string; userId: string; noteId: string }[]
): Promise<Map<string, Standing>> {
	const result = new Map<string, Standing>();
	if (connections.length === 0) return result;
	const rows = await db.system((sql) =>
		sql.query<{ session_id: string; note_id: string; valid: boolean; role: MunicipalityRole | null; archived: boolean | null }>(
			`select c.session_id, c.note_id,
			        coalesce(${SESSION_VALID_SQL}, false) as valid,
			        m.role, ${NOTE_FROZEN_SQL} as archived
			 from unnest($1::text[], $2::uuid[], $3::uuid[]) as c(session_id, user_id, note_id)
			 left join sessions s on s.id = c.session_id and s.user_id = c.user_id
			 left join notes n on n.id = c.note_id
			 left join meetings mt on mt.minutes_note_id = n.id
			 left join memberships m on m.user_id = c.user_id and m.municipality_id = n.municipality_id`,
			[connections.map((c) => c.sessionId), connections.map((c) => c.userId), connections.map((c) => c.noteId)]
		)
	);
	for (const r of rows) {
		result.set(`${r.session_id}:${r.note_id}`, { sessionValid: r.valid, role: r.role ?? undefined, archived: r.archived ?? true });
	}
	return result;
}
