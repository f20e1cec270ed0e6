import type { Database } from '../db/database';
import type { MunicipalityRole } from '$lib/domain/roles';
import { sessionIsValid, standingsOf } from './authorize';

export interface Standing {
	sessionValid: boolean;
	role: MunicipalityRole | undefined;
	archived: boolean;
}

/**
 * The current standing of many open connections in one query (the one that decided them when
 * they connected): whether each session is still valid, the person's role on the note's board,
 * and whether the note is read-only for everyone. Keyed `<sessionId>:<noteId>`.
 */
export async function standings(db: Database, connections: { sessionId: string; noteId: string }[]): Promise<Map<string, Standing>> {
	const result = new Map<string, Standing>();
	if (connections.length === 0) return result;
	const rows = await standingsOf(db, connections);
	connections.forEach((c, i) => {
		const row = rows[i];
		result.set(`${c.sessionId}:${c.noteId}`, { sessionValid: sessionIsValid(row), role: row?.role ?? undefined, archived: row?.archived ?? true });
	});
	return result;
}
