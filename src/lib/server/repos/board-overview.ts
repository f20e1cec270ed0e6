import type { ItemStatus } from '$lib/domain/action-items';
import type { Sql } from '../db/types';

/** What the board's front page shows of meetings and the plan (RLS applies). */
export interface OverviewMeeting {
	id: string;
	title: string;
	startsAt: Date;
	endsAt: Date;
	place: string | null;
	onlineUrl: string | null;
}

export interface OverviewItem {
	id: string;
	title: string;
	ownerOrganizationName: string;
	status: ItemStatus;
	progress: number;
	dueDate: string | null;
	updatedAt: Date;
}

export async function nextMeeting(sql: Sql, municipalityId: string): Promise<OverviewMeeting | null> {
	const [row] = await sql.query<{ id: string; title: string; starts_at: Date; ends_at: Date; place: string | null; online_url: string | null }>(
		`select id, title, starts_at, ends_at, place, online_url from meetings
		 where municipality_id = $1 and cancelled_at is null and ends_at > now()
		 order by starts_at limit 1`,
		[municipalityId]
	);
	return row ? { id: row.id, title: row.title, startsAt: row.starts_at, endsAt: row.ends_at, place: row.place, onlineUrl: row.online_url } : null;
}

type ItemRow = { id: string; title: string; owner: string; status: ItemStatus; progress: number; due_date: string | null; updated_at: Date };
const item = (r: ItemRow): OverviewItem => ({
	id: r.id,
	title: r.title,
	ownerOrganizationName: r.owner,
	status: r.status,
	progress: r.progress,
	dueDate: r.due_date,
	updatedAt: r.updated_at
});
const ITEM_SELECT = `select i.id, i.title, o.name as owner, i.status, i.progress, i.due_date, i.updated_at
	from action_items i join organizations o on o.id = i.owner_organization_id`;

/** Open items past their due date; `today` is the municipality's calendar day. */
export async function overdueItems(sql: Sql, municipalityId: string, today: string, limit = 10): Promise<OverviewItem[]> {
	const rows = await sql.query<ItemRow>(
		`${ITEM_SELECT} where i.municipality_id = $1 and i.due_date < $2::date and i.status not in ('done', 'cancelled')
		 order by i.due_date limit $3`,
		[municipalityId, today, limit]
	);
	return rows.map(item);
}

export async function recentlyChangedItems(sql: Sql, municipalityId: string, limit = 5): Promise<OverviewItem[]> {
	const rows = await sql.query<ItemRow>(`${ITEM_SELECT} where i.municipality_id = $1 order by i.updated_at desc limit $2`, [
		municipalityId,
		limit
	]);
	return rows.map(item);
}
