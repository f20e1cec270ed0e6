import type { ItemStatus } from '$lib/domain/action-items';
import type { Sql } from '../db/types';

/** An action item as the plan shows it. */
export interface ActionItem {
	id: string;
	municipalityId: string;
	objectiveId: string | null;
	objectiveTitle: string | null;
	decisionId: string | null;
	meetingId: string | null;
	title: string;
	description: string;
	ownerOrganizationId: string;
	ownerOrganizationName: string;
	dueDate: string | null;
	status: ItemStatus;
	progress: number;
	assignees: { id: string; name: string }[];
	updatedAt: Date;
	createdAt: Date;
}

type Row = {
	id: string;
	municipality_id: string;
	objective_id: string | null;
	objective_title: string | null;
	decision_id: string | null;
	meeting_id: string | null;
	title: string;
	description: string;
	owner_organization_id: string;
	owner_organization_name: string;
	due_date: string | null;
	status: ItemStatus;
	progress: number;
	assignees: { id: string; name: string }[] | null;
	updated_at: Date;
	created_at: Date;
};

const SELECT = `
	select i.id, i.municipality_id, i.objective_id, ob.title as objective_title, i.decision_id, d.meeting_id,
	       i.title, i.description, i.owner_organization_id, o.name as owner_organization_name, i.due_date,
	       i.status, i.progress, i.updated_at, i.created_at,
	       (select json_agg(json_build_object('id', u.id, 'name', u.display_name) order by u.display_name)
	          from action_item_assignees a join users u on u.id = a.user_id
	         where a.action_item_id = i.id) as assignees
	from action_items i
	join organizations o on o.id = i.owner_organization_id
	left join objectives ob on ob.id = i.objective_id
	left join decisions d on d.id = i.decision_id`;

const fromRow = (r: Row): ActionItem => ({
	id: r.id,
	municipalityId: r.municipality_id,
	objectiveId: r.objective_id,
	objectiveTitle: r.objective_title,
	decisionId: r.decision_id,
	meetingId: r.meeting_id,
	title: r.title,
	description: r.description,
	ownerOrganizationId: r.owner_organization_id,
	ownerOrganizationName: r.owner_organization_name,
	dueDate: r.due_date,
	status: r.status,
	progress: r.progress,
	assignees: r.assignees ?? [],
	updatedAt: r.updated_at,
	createdAt: r.created_at
});

/** Which items of a plan to list; every filter given must hold. */
export interface ItemFilter {
	ownerOrganizationId?: string;
	assigneeId?: string;
	/** Open items due before this day ('YYYY-MM-DD', the municipality's today). */
	overdueOn?: string;
	/** An objective's id, or null for items under no objective. */
	objectiveId?: string | null;
	/** By due date (the default), or the most recently changed first (the board's overview). */
	order?: 'due' | 'changed';
	limit?: number;
}

/** Items of a board's plan (a framework's plan holds tens to a few hundred). */
export async function listItems(sql: Sql, municipalityId: string, filter: ItemFilter = {}): Promise<ActionItem[]> {
	const params: unknown[] = [municipalityId];
	const where = ['i.municipality_id = $1'];
	const param = (value: unknown) => `$${params.push(value)}`;
	if (filter.ownerOrganizationId) where.push(`i.owner_organization_id = ${param(filter.ownerOrganizationId)}`);
	if (filter.assigneeId) {
		where.push(`exists (select 1 from action_item_assignees a where a.action_item_id = i.id and a.user_id = ${param(filter.assigneeId)})`);
	}
	if (filter.overdueOn) where.push(`i.due_date < ${param(filter.overdueOn)}::date and i.status not in ('done', 'cancelled')`);
	if (filter.objectiveId === null) where.push('i.objective_id is null');
	else if (filter.objectiveId) where.push(`i.objective_id = ${param(filter.objectiveId)}`);
	const order = filter.order === 'changed' ? 'i.updated_at desc' : 'i.due_date nulls last, i.title';
	const limit = filter.limit ? ` limit ${param(filter.limit)}` : '';
	const rows = await sql.query<Row>(`${SELECT} where ${where.join(' and ')} order by ${order}${limit}`, params);
	return rows.map(fromRow);
}

/**
 * One item. `forUpdate` locks its row until the transaction ends, so two people updating it
 * at once take turns and each decides against what the other stored.
 */
export async function findItem(sql: Sql, municipalityId: string, itemId: string, options: { forUpdate?: boolean } = {}): Promise<ActionItem | undefined> {
	const lock = options.forUpdate ? ' for update of i' : '';
	const [row] = await sql.query<Row>(`${SELECT} where i.municipality_id = $1 and i.id = $2${lock}`, [municipalityId, itemId]);
	return row && fromRow(row);
}

/** The items raised by decisions of one meeting. */
export async function listItemsOfMeeting(sql: Sql, municipalityId: string, meetingId: string): Promise<ActionItem[]> {
	const rows = await sql.query<Row>(`${SELECT} where i.municipality_id = $1 and d.meeting_id = $2 order by i.created_at`, [
		municipalityId,
		meetingId
	]);
	return rows.map(fromRow);
}

export interface NewItem {
	municipalityId: string;
	title: string;
	description: string;
	ownerOrganizationId: string;
	objectiveId: string | null;
	decisionId: string | null;
	dueDate: string | null;
	createdBy: string;
}

export async function insertItem(sql: Sql, item: NewItem): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		`insert into action_items (municipality_id, title, description, owner_organization_id, objective_id, decision_id, due_date, created_by)
		 values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
		[item.municipalityId, item.title, item.description, item.ownerOrganizationId, item.objectiveId, item.decisionId, item.dueDate, item.createdBy]
	);
	return row.id;
}

/** The columns an update may set; only those given are written. */
export interface ItemFields {
	title?: string;
	description?: string;
	ownerOrganizationId?: string;
	objectiveId?: string | null;
	dueDate?: string | null;
	status?: ItemStatus;
	progress?: number;
}

const COLUMN: Record<keyof ItemFields, string> = {
	title: 'title',
	description: 'description',
	ownerOrganizationId: 'owner_organization_id',
	objectiveId: 'objective_id',
	dueDate: 'due_date',
	status: 'status',
	progress: 'progress'
};

export async function updateItem(sql: Sql, municipalityId: string, itemId: string, fields: ItemFields): Promise<boolean> {
	const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [keyof ItemFields, unknown][];
	const sets = entries.map(([key], i) => `${COLUMN[key]} = $${i + 3}`);
	const rows = await sql.query(
		`update action_items set ${[...sets, 'updated_at = now()'].join(', ')} where municipality_id = $1 and id = $2 returning id`,
		[municipalityId, itemId, ...entries.map(([, v]) => v)]
	);
	return rows.length === 1;
}

export async function deleteItem(sql: Sql, municipalityId: string, itemId: string): Promise<boolean> {
	const rows = await sql.query('delete from action_items where municipality_id = $1 and id = $2 returning id', [municipalityId, itemId]);
	return rows.length === 1;
}

/**
 * Whether an owner organization and an objective belong to this board (checked before writing,
 * so a forged id is refused without aborting a caller's larger transaction). An organization
 * that has left the framework takes no new items; `currentOwner` may stay.
 */
export async function referencesOnBoard(
	sql: Sql,
	municipalityId: string,
	refs: { ownerOrganizationId?: string; objectiveId?: string | null; currentOwner?: string }
): Promise<{ owner: boolean; objective: boolean }> {
	const [row] = await sql.query<{ owner: boolean; objective: boolean }>(
		`select ($2::uuid is null or exists (select 1 from organizations o where o.municipality_id = $1 and o.id = $2
		           and (o.left_on is null or o.id = $4::uuid))) as owner,
		        ($3::uuid is null or exists (select 1 from objectives ob where ob.municipality_id = $1 and ob.id = $3)) as objective`,
		[municipalityId, refs.ownerOrganizationId ?? null, refs.objectiveId ?? null, refs.currentOwner ?? null]
	);
	return row;
}

/** People who can be assigned to items: the board's coordinators and members (not observers). */
export interface Assignable {
	id: string;
	name: string;
	organizationId: string | null;
	organizationName: string | null;
}

export async function listAssignable(sql: Sql, municipalityId: string): Promise<Assignable[]> {
	const rows = await sql.query<{ id: string; name: string; organization_id: string | null; organization_name: string | null }>(
		`select u.id, u.display_name as name, m.organization_id, o.name as organization_name
		 from memberships m join users u on u.id = m.user_id left join organizations o on o.id = m.organization_id
		 where m.municipality_id = $1 and m.role <> 'observer'
		 order by o.name nulls first, u.display_name`,
		[municipalityId]
	);
	return rows.map((r) => ({ id: r.id, name: r.name, organizationId: r.organization_id, organizationName: r.organization_name }));
}

export async function setAssignees(sql: Sql, municipalityId: string, itemId: string, userIds: string[]): Promise<void> {
	await sql.query('delete from action_item_assignees where action_item_id = $1 and not (user_id = any ($2::uuid[]))', [itemId, userIds]);
	await sql.query(
		`insert into action_item_assignees (action_item_id, municipality_id, user_id)
		 select $1, $2, unnest($3::uuid[]) on conflict do nothing`,
		[itemId, municipalityId, userIds]
	);
}

export interface ItemUpdate {
	id: number;
	userName: string | null;
	createdAt: Date;
	changes: Record<string, [unknown, unknown]>;
	comment: string | null;
}

export async function insertItemUpdate(
	sql: Sql,
	update: { itemId: string; municipalityId: string; userId: string; changes: Record<string, [unknown, unknown]>; comment: string | null }
): Promise<void> {
	await sql.query(
		`insert into action_item_updates (action_item_id, municipality_id, user_id, changes, comment) values ($1, $2, $3, $4, $5)`,
		[update.itemId, update.municipalityId, update.userId, JSON.stringify(update.changes), update.comment]
	);
}

/** An item's history, newest first. */
export async function listItemUpdates(sql: Sql, municipalityId: string, itemId: string): Promise<ItemUpdate[]> {
	const rows = await sql.query<{ id: number; user_name: string | null; created_at: Date; changes: Record<string, [unknown, unknown]>; comment: string | null }>(
		`select h.id::int8 as id, u.display_name as user_name, h.created_at, h.changes, h.comment
		 from action_item_updates h left join users u on u.id = h.user_id
		 where h.municipality_id = $1 and h.action_item_id = $2 order by h.id desc`,
		[municipalityId, itemId]
	);
	return rows.map((r) => ({ id: r.id, userName: r.user_name, createdAt: r.created_at, changes: r.changes, comment: r.comment }));
}
