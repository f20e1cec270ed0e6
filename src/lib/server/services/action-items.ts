import { decideProgress, itemChanges, type ItemEditor, type ItemStatus, type ProgressRefusal } from '$lib/domain/action-items';
import { can, itemEditor, type Actor, type MunicipalityRef } from '../auth/access';
import type { Database } from '../db/database';
import type { Sql } from '../db/types';
import { publish } from '../events';
import {
	deleteItem,
	findItem,
	insertItem,
	insertItemUpdate,
	referencesOnBoard,
	setAssignees,
	updateItem,
	type ActionItem,
	type ItemFields,
	type NewItem
} from '../repos/action-items';
import { deleteObjective, insertObjective, updateObjective, type ObjectiveFields } from '../repos/objectives';

/**
 * Changes to the action plan, as the person making them (RLS applies to every statement).
 * Each change writes its history entry in the same transaction and tells open views.
 */

export type ItemRefusal = ProgressRefusal | 'not_found' | 'invalid_assignee' | 'invalid_choice';
export type ItemResult =
	| { ok: true; id: string }
	| { ok: false; reason: ItemRefusal; field?: 'ownerOrganizationId' | 'objectiveId' | 'assigneeIds' };

export interface ItemDraft {
	title: string;
	description: string;
	ownerOrganizationId: string;
	objectiveId: string | null;
	dueDate: string | null;
	assigneeIds: string[];
}

const changed = (municipalityId: string) => publish({ type: 'board', municipalityId, topic: 'actions' });

/** Creates an item (the coordinator), optionally raised by a decision; usable inside a larger transaction. */
export async function insertItemWithHistory(
	sql: Sql,
	actor: Actor,
	municipality: MunicipalityRef,
	draft: ItemDraft & { decisionId?: string | null }
): Promise<ItemResult> {
	if (!can(actor, 'actions.manage', municipality)) return { ok: false, reason: 'not_allowed' };
	const refused = await refuseReferences(sql, municipality.id, draft);
	if (refused) return refused;
	if (!(await assigneesAreOnBoard(sql, municipality.id, draft.assigneeIds))) return { ok: false, reason: 'invalid_assignee', field: 'assigneeIds' };
	const item: NewItem = {
		municipalityId: municipality.id,
		title: draft.title,
		description: draft.description,
		ownerOrganizationId: draft.ownerOrganizationId,
		objectiveId: draft.objectiveId,
		decisionId: draft.decisionId ?? null,
		dueDate: draft.dueDate,
		createdBy: actor.userId
	};
	const id = await insertItem(sql, item);
	if (draft.assigneeIds.length) await setAssignees(sql, municipality.id, id, draft.assigneeIds);
	await insertItemUpdate(sql, { itemId: id, municipalityId: municipality.id, userId: actor.userId, changes: { created: [null, draft.title] }, comment: null });
	return { ok: true, id };
}

export async function createItem(db: Database, actor: Actor, municipality: MunicipalityRef, draft: ItemDraft): Promise<ItemResult> {
	const result = await db.asUser(actor.userId, (sql) => insertItemWithHistory(sql, actor, municipality, draft));
	if (result.ok) changed(municipality.id);
	return result;
}

/**
 * The item, locked, and who the actor is to it; refuses people who may not touch it. Two people
 * updating one item at once take turns on the row lock, so each decision (the reopen rule, the
 * history's "from" values) is made against what the other stored, not a stale read.
 */
async function lockForEdit(
	sql: Sql,
	actor: Actor,
	municipality: MunicipalityRef,
	itemId: string
): Promise<{ ok: true; item: ActionItem; editor: ItemEditor } | { ok: false; reason: ItemRefusal }> {
	const seen = await findItem(sql, municipality.id, itemId);
	if (!seen) return { ok: false, reason: 'not_found' };
	// Decided before locking: RLS lets only those who may update the row lock it.
	if (itemEditor(actor, municipality, seen.ownerOrganizationId) === 'other') return { ok: false, reason: 'not_allowed' };
	const item = await findItem(sql, municipality.id, itemId, { forUpdate: true });
	if (!item) return { ok: false, reason: 'not_found' };
	const editor = itemEditor(actor, municipality, item.ownerOrganizationId);
	return editor === 'other' ? { ok: false, reason: 'not_allowed' } : { ok: true, item, editor };
}

/**
 * The owner organization's update: status, progress and a comment (two clicks on "my
 * organization's items"). The coordinator may make it too, and alone may reopen a closed item.
 */
export async function updateProgress(
	db: Database,
	actor: Actor,
	municipality: MunicipalityRef,
	itemId: string,
	wanted: { status: ItemStatus; progress: number; comment: string }
): Promise<ItemResult> {
	const result = await db.asUser(actor.userId, async (sql): Promise<ItemResult> => {
		const locked = await lockForEdit(sql, actor, municipality, itemId);
		if (!locked.ok) return locked;
		const { item, editor } = locked;
		const decided = decideProgress(editor, item, wanted, wanted.comment);
		if (!decided.ok) return decided;
		await updateItem(sql, municipality.id, itemId, decided.next);
		const comment = wanted.comment.trim() || null;
		await insertItemUpdate(sql, { itemId, municipalityId: municipality.id, userId: actor.userId, changes: itemChanges(item, decided.next), comment });
		return { ok: true, id: itemId };
	});
	if (result.ok) changed(municipality.id);
	return result;
}

/**
 * Edits what an item is (the coordinator: title, description, owner, objective, due date) and
 * who works on it (the coordinator or the owner organization: assignees).
 */
export async function editItem(
	db: Database,
	actor: Actor,
	municipality: MunicipalityRef,
	itemId: string,
	edit: Partial<ItemDraft>
): Promise<ItemResult> {
	const result = await db.asUser(actor.userId, async (sql): Promise<ItemResult> => {
		const { assigneeIds, ...fields } = edit;
		const changesWhat = Object.values(fields).some((v) => v !== undefined);
		const locked = await lockForEdit(sql, actor, municipality, itemId);
		if (!locked.ok) return locked;
		const { item, editor } = locked;
		if (changesWhat && editor !== 'coordinator') return { ok: false, reason: 'not_allowed' };
		const refused = await refuseReferences(sql, municipality.id, { ...fields, currentOwner: item.ownerOrganizationId });
		if (refused) return refused;
		if (assigneeIds && !(await assigneesAreOnBoard(sql, municipality.id, assigneeIds))) {
			return { ok: false, reason: 'invalid_assignee', field: 'assigneeIds' };
		}
		const changes = itemChanges(
			{ ...item, assigneeIds: item.assignees.map((a) => a.id) } as Record<string, unknown>,
			{ ...fields, ...(assigneeIds ? { assigneeIds } : {}) }
		);
		if (Object.keys(changes).length === 0) return { ok: false, reason: 'nothing_changed' };
		if (changesWhat) await updateItem(sql, municipality.id, itemId, fields as ItemFields);
		if (assigneeIds) {
			await setAssignees(sql, municipality.id, itemId, assigneeIds);
			if (!changesWhat) await updateItem(sql, municipality.id, itemId, {});
		}
		await insertItemUpdate(sql, { itemId, municipalityId: municipality.id, userId: actor.userId, changes, comment: null });
		return { ok: true, id: itemId };
	});
	if (result.ok) changed(municipality.id);
	return result;
}

/** Removes an item with its history (the coordinator). */
export async function removeItem(db: Database, actor: Actor, municipality: MunicipalityRef, itemId: string): Promise<ItemResult> {
	if (!can(actor, 'actions.manage', municipality)) return { ok: false, reason: 'not_allowed' };
	const done = await db.asUser(actor.userId, (sql) => deleteItem(sql, municipality.id, itemId));
	if (!done) return { ok: false, reason: 'not_found' };
	changed(municipality.id);
	return { ok: true, id: itemId };
}

export type ObjectiveResult = { ok: true; id: string } | { ok: false; reason: 'not_allowed' | 'not_found' };

/** Adds (no id), changes or removes (fields null) an objective of the plan: the coordinator's. */
export async function saveObjective(
	db: Database,
	actor: Actor,
	municipality: MunicipalityRef,
	objectiveId: string | null,
	fields: ObjectiveFields | null
): Promise<ObjectiveResult> {
	if (!can(actor, 'actions.manage', municipality)) return { ok: false, reason: 'not_allowed' };
	const id = await db.asUser(actor.userId, async (sql) => {
		if (!objectiveId) return fields ? insertObjective(sql, municipality.id, fields) : null;
		const done = fields ? await updateObjective(sql, municipality.id, objectiveId, fields) : await deleteObjective(sql, municipality.id, objectiveId);
		return done ? objectiveId : null;
	});
	if (!id) return { ok: false, reason: 'not_found' };
	changed(municipality.id);
	return { ok: true, id };
}

async function refuseReferences(
	sql: Sql,
	municipalityId: string,
	refs: { ownerOrganizationId?: string; objectiveId?: string | null; currentOwner?: string }
): Promise<ItemResult | undefined> {
	const found = await referencesOnBoard(sql, municipalityId, refs);
	if (!found.owner) return { ok: false, reason: 'invalid_choice', field: 'ownerOrganizationId' };
	if (!found.objective) return { ok: false, reason: 'invalid_choice', field: 'objectiveId' };
	return undefined;
}

/** Assignees must be people on this board (RLS would hide others' names, not refuse them). */
async function assigneesAreOnBoard(sql: Sql, municipalityId: string, userIds: string[]): Promise<boolean> {
	if (userIds.length === 0) return true;
	const rows = await sql.query<{ n: number }>(
		`select count(*)::int as n from memberships where municipality_id = $1 and user_id = any ($2::uuid[]) and role <> 'observer'`,
		[municipalityId, userIds]
	);
	return rows[0].n === new Set(userIds).size;
}
