import type { ErrorCode } from '$lib/forms/errors';
import { attachmentStorage, checkAttachment, exceedsAttachmentLimit, newAttachmentKey, type AttachmentRejection } from '../attachments';
import { can, itemEditor, type Actor, type MunicipalityRef } from '../auth/access';
import type { Database } from '../db/database';
import { publish } from '../events';
import { deleteAttachment, findAttachment, insertAttachment, type AttachmentTarget } from '../repos/attachments';

/**
 * Files on meetings (the coordinator adds them) and on action items (whoever updates the item).
 * The bytes are stored first and the row written after; a row that fails removes its bytes,
 * so storage never holds a file nobody can reach for long, and no row points at nothing.
 */

const REJECTION: Record<AttachmentRejection, ErrorCode> = { empty: 'file_empty', too_large: 'file_too_large', type_not_allowed: 'file_type' };

export type AttachResult = { ok: true; id: string } | { ok: false; code: ErrorCode };

/** Whether `actor` may add files to (and, as coordinator, remove any file from) the target. */
async function mayAttach(db: Database, actor: Actor, municipality: MunicipalityRef, target: AttachmentTarget): Promise<boolean | undefined> {
	return db.asUser(actor.userId, async (sql) => {
		if ('meetingId' in target) {
			const [meeting] = await sql.query('select 1 from meetings where municipality_id = $1 and id = $2', [municipality.id, target.meetingId]);
			return meeting ? can(actor, 'meetings.manage', municipality) : undefined;
		}
		const [item] = await sql.query<{ owner: string }>('select owner_organization_id as owner from action_items where municipality_id = $1 and id = $2', [
			municipality.id,
			target.actionItemId
		]);
		return item ? itemEditor(actor, municipality, item.owner) !== 'other' : undefined;
	});
}

export async function addAttachment(
	db: Database,
	actor: Actor,
	municipality: MunicipalityRef,
	target: AttachmentTarget,
	file: File
): Promise<AttachResult> {
	const allowed = await mayAttach(db, actor, municipality, target);
	if (allowed === undefined) return { ok: false, code: 'not_found' };
	if (!allowed) return { ok: false, code: 'not_allowed' };
	// Refuse an oversized file before reading it into memory.
	if (exceedsAttachmentLimit(file.size)) return { ok: false, code: 'file_too_large' };
	const bytes = new Uint8Array(await file.arrayBuffer());
	const checked = checkAttachment({ bytes, filename: file.name });
	if (!checked.ok) return { ok: false, code: REJECTION[checked.code] };
	const storage = attachmentStorage();
	const storageKey = newAttachmentKey();
	await storage.put(storageKey, bytes, checked.contentType);
	try {
		const id = await db.asUser(actor.userId, (sql) =>
			insertAttachment(sql, {
				municipalityId: municipality.id,
				target,
				storageKey,
				filename: checked.filename,
				contentType: checked.contentType,
				sizeBytes: checked.size,
				uploadedBy: actor.userId
			})
		);
		publish({ type: 'board', municipalityId: municipality.id, topic: 'meetingId' in target ? 'meetings' : 'actions' });
		return { ok: true, id };
	} catch (err) {
		await storage.delete(storageKey).catch(() => {});
		throw err;
	}
}

/** The file, if `userId` may see it (RLS: a member of the board). */
export async function readAttachment(db: Database, userId: string, municipalityId: string, id: string) {
	const row = await db.asUser(userId, (sql) => findAttachment(sql, municipalityId, id));
	if (!row) return undefined;
	const bytes = await attachmentStorage().get(row.storageKey);
	return bytes && { ...row, bytes };
}

/** Removes a file: the coordinator, or the member who uploaded it (RLS decides). */
export async function removeAttachment(db: Database, actor: Actor, municipality: MunicipalityRef, id: string): Promise<boolean> {
	const removed = await db.asUser(actor.userId, (sql) => deleteAttachment(sql, municipality.id, id));
	if (!removed) return false;
	// The row is gone, so nobody can reach the bytes; a failed delete only leaves garbage.
	await attachmentStorage()
		.delete(removed.storageKey)
		.catch((err) => console.error(`attachments: deleting stored file of ${id} failed: ${(err as Error).message}`));
	publish({ type: 'board', municipalityId: municipality.id, topic: removed.meetingId ? 'meetings' : 'actions' });
	return true;
}
