import type { Sql } from '../db/types';

/**
 * An attachment's row: whose it is and what it is; the bytes are in attachment storage under a
 * key that never leaves the server (fromRow leaves it out).
 */
export interface Attachment {
	id: string;
	meetingId: string | null;
	actionItemId: string | null;
	filename: string;
	contentType: string;
	sizeBytes: number;
	uploadedBy: string | null;
	uploadedByName: string | null;
	createdAt: Date;
}

export type AttachmentTarget = { meetingId: string } | { actionItemId: string };

type Row = {
	id: string;
	meeting_id: string | null;
	action_item_id: string | null;
	filename: string;
	content_type: string;
	size_bytes: number;
	uploaded_by: string | null;
	uploaded_by_name: string | null;
	created_at: Date;
	storage_key: string;
};

const SELECT = `select a.id, a.meeting_id, a.action_item_id, a.filename, a.content_type, a.size_bytes, a.uploaded_by,
	u.display_name as uploaded_by_name, a.created_at, a.storage_key
	from attachments a left join users u on u.id = a.uploaded_by`;

const fromRow = (r: Row): Attachment => ({
	id: r.id,
	meetingId: r.meeting_id,
	actionItemId: r.action_item_id,
	filename: r.filename,
	contentType: r.content_type,
	sizeBytes: r.size_bytes,
	uploadedBy: r.uploaded_by,
	uploadedByName: r.uploaded_by_name,
	createdAt: r.created_at
});

export async function listAttachments(sql: Sql, municipalityId: string, target: AttachmentTarget): Promise<Attachment[]> {
	const [column, id] = 'meetingId' in target ? ['meeting_id', target.meetingId] : ['action_item_id', target.actionItemId];
	const rows = await sql.query<Row>(`${SELECT} where a.municipality_id = $1 and a.${column} = $2 order by a.created_at`, [municipalityId, id]);
	return rows.map(fromRow);
}

export async function findAttachment(sql: Sql, municipalityId: string, id: string): Promise<(Attachment & { storageKey: string }) | undefined> {
	const [row] = await sql.query<Row>(`${SELECT} where a.municipality_id = $1 and a.id = $2`, [municipalityId, id]);
	return row && { ...fromRow(row), storageKey: row.storage_key };
}

export async function insertAttachment(
	sql: Sql,
	a: { municipalityId: string; target: AttachmentTarget; storageKey: string; filename: string; contentType: string; sizeBytes: number; uploadedBy: string }
): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		`insert into attachments (municipality_id, meeting_id, action_item_id, storage_key, filename, content_type, size_bytes, uploaded_by)
		 values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
		[
			a.municipalityId,
			'meetingId' in a.target ? a.target.meetingId : null,
			'actionItemId' in a.target ? a.target.actionItemId : null,
			a.storageKey,
			a.filename,
			a.contentType,
			a.sizeBytes,
			a.uploadedBy
		]
	);
	return row.id;
}

/** Deletes the row (RLS: the coordinator or the uploader) and returns its storage key. */
export async function deleteAttachment(sql: Sql, municipalityId: string, id: string): Promise<{ storageKey: string; meetingId: string | null } | undefined> {
	const [row] = await sql.query<{ storage_key: string; meeting_id: string | null }>(
		'delete from attachments where municipality_id = $1 and id = $2 returning storage_key, meeting_id',
		[municipalityId, id]
	);
	return row && { storageKey: row.storage_key, meetingId: row.meeting_id };
}
