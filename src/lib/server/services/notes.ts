import type { Database } from '../db/database';
import { insertNote, type NoteKind } from '../repos/notes';

/**
 * Creates a note as `userId` (RLS checks the board role). Meeting minutes are notes of kind
 * 'minutes': the meetings feature calls this and stores the returned id on the meeting; the
 * editor and collaboration server treat both kinds alike.
 */
export function createNote(
	db: Database,
	userId: string,
	note: { municipalityId: string; title: string; kind?: NoteKind }
): Promise<string> {
	return db.asUser(userId, (sql) =>
		insertNote(sql, { municipalityId: note.municipalityId, title: note.title, kind: note.kind ?? 'note', createdBy: userId })
	);
}
