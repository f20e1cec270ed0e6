import type { Database } from '../db/database';
import { publish } from '../events';
import { insertNote, setNoteArchived, type NoteKind } from '../repos/notes';

/**
 * Creates a note as `userId` (RLS checks the board role). Meeting minutes are notes of kind
 * 'minutes': the meetings feature calls this and stores the returned id on the meeting; the
 * editor and collaboration server treat both kinds alike.
 */
export async function createNote(
	db: Database,
	userId: string,
	note: { municipalityId: string; title: string; kind?: NoteKind }
): Promise<string> {
	const id = await db.asUser(userId, (sql) =>
		insertNote(sql, { municipalityId: note.municipalityId, title: note.title, kind: note.kind ?? 'note', createdBy: userId })
	);
	publish({ type: 'board', municipalityId: note.municipalityId, topic: 'notes' });
	return id;
}

/**
 * Archives or restores a note as `userId`. Archived notes are read-only for everyone, so open
 * editors are switched at once (the collaboration server rechecks the note's connections).
 */
export async function archiveNote(
	db: Database,
	userId: string,
	note: { municipalityId: string; noteId: string; archived: boolean }
): Promise<boolean> {
	const done = await db.asUser(userId, (sql) => setNoteArchived(sql, note.municipalityId, note.noteId, note.archived));
	if (done) {
		publish({ type: 'access', noteIds: [note.noteId] });
		publish({ type: 'board', municipalityId: note.municipalityId, topic: 'notes' });
	}
	return done;
}
