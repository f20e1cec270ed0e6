import type { Sql } from '../db/types';

export type NoteKind = 'note' | 'minutes';

export interface NoteSummary {
	id: string;
	title: string;
	kind: NoteKind;
	updatedAt: Date;
	archivedAt: Date | null;
	/** The first characters of the text, for the list. */
	excerpt: string;
}

type Row = { id: string; title: string; kind: NoteKind; updated_at: Date; archived_at: Date | null; excerpt: string };
const fromRow = (r: Row): NoteSummary => ({
	id: r.id,
	title: r.title,
	kind: r.kind,
	updatedAt: r.updated_at,
	archivedAt: r.archived_at,
	excerpt: r.excerpt
});
const COLUMNS = 'id, title, kind, updated_at, archived_at, left(text_content, 200) as excerpt';

/** Words of a search, each matched as a prefix: "kum sch" finds "Kumanovo schools". */
function prefixQuery(search: string): string | null {
	const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
	return words.length ? words.slice(0, 8).map((w) => `${w}:*`).join(' & ') : null;
}

export async function listNotes(
	sql: Sql,
	municipalityId: string,
	options: { search?: string; archived?: boolean; limit?: number } = {}
): Promise<NoteSummary[]> {
	const query = options.search ? prefixQuery(options.search) : null;
	const rows = await sql.query<Row>(
		`select ${COLUMNS} from notes
		 where municipality_id = $1
		   and (archived_at is not null) = $2
		   and ($3::text is null or search @@ to_tsquery('simple', $3))
		 order by updated_at desc limit $4`,
		[municipalityId, options.archived ?? false, query, Math.min(options.limit ?? 200, 200)]
	);
	return rows.map(fromRow);
}

export async function findNote(sql: Sql, municipalityId: string, noteId: string): Promise<NoteSummary | undefined> {
	const [row] = await sql.query<Row>(`select ${COLUMNS} from notes where municipality_id = $1 and id = $2`, [
		municipalityId,
		noteId
	]);
	return row && fromRow(row);
}

export async function insertNote(
	sql: Sql,
	note: { municipalityId: string; title: string; kind: NoteKind; createdBy: string }
): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		'insert into notes (municipality_id, title, kind, created_by) values ($1, $2, $3, $4) returning id',
		[note.municipalityId, note.title, note.kind, note.createdBy]
	);
	return row.id;
}

export async function renameNote(sql: Sql, municipalityId: string, noteId: string, title: string): Promise<boolean> {
	const rows = await sql.query(
		'update notes set title = $3, updated_at = now() where municipality_id = $1 and id = $2 returning id',
		[municipalityId, noteId, title]
	);
	return rows.length === 1;
}

export async function setNoteArchived(sql: Sql, municipalityId: string, noteId: string, archived: boolean): Promise<boolean> {
	const rows = await sql.query(
		`update notes set archived_at = case when $3 then now() else null end
		 where municipality_id = $1 and id = $2 returning id`,
		[municipalityId, noteId, archived]
	);
	return rows.length === 1;
}

/** The meeting a minutes note belongs to, and its approval (approved minutes are read-only). */
export interface MinutesOf {
	meetingId: string;
	meetingTitle: string;
	startsAt: Date;
	approvedAt: Date | null;
	approvedBy: string | null;
}

export async function findMinutesOf(sql: Sql, municipalityId: string, noteId: string): Promise<MinutesOf | undefined> {
	const [row] = await sql.query<{ id: string; title: string; starts_at: Date; minutes_approved_at: Date | null; approved_by: string | null }>(
		`select mt.id, mt.title, mt.starts_at, mt.minutes_approved_at, u.display_name as approved_by
		 from meetings mt left join users u on u.id = mt.minutes_approved_by
		 where mt.municipality_id = $1 and mt.minutes_note_id = $2`,
		[municipalityId, noteId]
	);
	return row && { meetingId: row.id, meetingTitle: row.title, startsAt: row.starts_at, approvedAt: row.minutes_approved_at, approvedBy: row.approved_by };
}
