import type { AttendanceStatus } from '$lib/domain/meetings';
import type { Sql } from '../db/types';

/**
 * What a meeting records: its agenda, attendance and decisions. Writes name the meeting, whose
 * row the service has locked; RLS and the composite keys keep everything on one board.
 */

// ---- agenda ------------------------------------------------------------------------------

export interface AgendaItem {
	id: string;
	position: number;
	title: string;
	ownerOrganizationId: string | null;
	ownerOrganizationName: string | null;
	durationMinutes: number;
}

export async function listAgenda(sql: Sql, municipalityId: string, meetingId: string): Promise<AgendaItem[]> {
	const rows = await sql.query<{ id: string; position: number; title: string; owner_organization_id: string | null; owner_name: string | null; duration_minutes: number }>(
		`select a.id, a.position, a.title, a.owner_organization_id, o.name as owner_name, a.duration_minutes
		 from meeting_agenda_items a left join organizations o on o.id = a.owner_organization_id
		 where a.municipality_id = $1 and a.meeting_id = $2 order by a.position, a.created_at`,
		[municipalityId, meetingId]
	);
	return rows.map((r) => ({
		id: r.id,
		position: r.position,
		title: r.title,
		ownerOrganizationId: r.owner_organization_id,
		ownerOrganizationName: r.owner_name,
		durationMinutes: r.duration_minutes
	}));
}

export interface AgendaFields {
	title: string;
	ownerOrganizationId: string | null;
	durationMinutes: number;
}

/** Appends an item at the end of the agenda. */
export async function insertAgendaItem(sql: Sql, municipalityId: string, meetingId: string, f: AgendaFields): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		`insert into meeting_agenda_items (meeting_id, municipality_id, position, title, owner_organization_id, duration_minutes)
		 select $1, $2, coalesce(max(position) + 1, 0), $3, $4, $5 from meeting_agenda_items where meeting_id = $1
		 returning id`,
		[meetingId, municipalityId, f.title, f.ownerOrganizationId, f.durationMinutes]
	);
	return row.id;
}

export async function updateAgendaItem(sql: Sql, meetingId: string, itemId: string, f: AgendaFields): Promise<boolean> {
	const rows = await sql.query(
		`update meeting_agenda_items set title = $3, owner_organization_id = $4, duration_minutes = $5
		 where meeting_id = $1 and id = $2 returning id`,
		[meetingId, itemId, f.title, f.ownerOrganizationId, f.durationMinutes]
	);
	return rows.length === 1;
}

export async function deleteAgendaItem(sql: Sql, meetingId: string, itemId: string): Promise<boolean> {
	const rows = await sql.query('delete from meeting_agenda_items where meeting_id = $1 and id = $2 returning id', [meetingId, itemId]);
	return rows.length === 1;
}

/** Numbers the items 0, 1, 2… in the given order. */
export async function setAgendaOrder(sql: Sql, meetingId: string, itemIds: string[]): Promise<void> {
	await sql.query(
		`update meeting_agenda_items a set position = o.position - 1
		 from unnest($2::uuid[]) with ordinality as o(id, position)
		 where a.meeting_id = $1 and a.id = o.id and a.position <> o.position - 1`,
		[meetingId, itemIds]
	);
}

// ---- attendance --------------------------------------------------------------------------

export interface AttendanceRecord {
	organizationId: string | null;
	userId: string | null;
	personName: string | null;
	status: AttendanceStatus;
}

export async function listAttendance(sql: Sql, municipalityId: string, meetingId: string): Promise<AttendanceRecord[]> {
	const rows = await sql.query<{ organization_id: string | null; user_id: string | null; name: string | null; status: AttendanceStatus }>(
		`select a.organization_id, a.user_id, u.display_name as name, a.status
		 from meeting_attendance a left join users u on u.id = a.user_id
		 where a.municipality_id = $1 and a.meeting_id = $2 order by u.display_name nulls first`,
		[municipalityId, meetingId]
	);
	return rows.map((r) => ({ organizationId: r.organization_id, userId: r.user_id, personName: r.name, status: r.status }));
}

export async function setOrganizationAttendance(
	sql: Sql,
	municipalityId: string,
	meetingId: string,
	organizationId: string,
	status: AttendanceStatus | null,
	recordedBy: string
): Promise<void> {
	if (status === null) {
		await sql.query('delete from meeting_attendance where meeting_id = $1 and organization_id = $2 and user_id is null', [meetingId, organizationId]);
		return;
	}
	await sql.query(
		`insert into meeting_attendance (meeting_id, municipality_id, organization_id, status, recorded_by)
		 values ($1, $2, $3, $4, $5)
		 on conflict (meeting_id, organization_id) where user_id is null
		 do update set status = excluded.status, recorded_by = excluded.recorded_by, recorded_at = now()
		 where meeting_attendance.status is distinct from excluded.status`,
		[meetingId, municipalityId, organizationId, status, recordedBy]
	);
}

export async function setPersonAttendance(
	sql: Sql,
	municipalityId: string,
	meetingId: string,
	person: { userId: string; organizationId: string | null },
	status: AttendanceStatus | null,
	recordedBy: string
): Promise<void> {
	if (status === null) {
		await sql.query('delete from meeting_attendance where meeting_id = $1 and user_id = $2', [meetingId, person.userId]);
		return;
	}
	await sql.query(
		`insert into meeting_attendance (meeting_id, municipality_id, organization_id, user_id, status, recorded_by)
		 values ($1, $2, $3, $4, $5, $6)
		 on conflict (meeting_id, user_id) where user_id is not null
		 do update set status = excluded.status, organization_id = excluded.organization_id,
		               recorded_by = excluded.recorded_by, recorded_at = now()
		 where meeting_attendance.status is distinct from excluded.status`,
		[meetingId, municipalityId, person.organizationId, person.userId, status, recordedBy]
	);
}

// ---- decisions ---------------------------------------------------------------------------

export interface Decision {
	id: string;
	agendaItemId: string | null;
	text: string;
	createdAt: Date;
}

export async function listDecisions(sql: Sql, municipalityId: string, meetingId: string): Promise<Decision[]> {
	const rows = await sql.query<{ id: string; agenda_item_id: string | null; text: string; created_at: Date }>(
		`select id, agenda_item_id, text, created_at from decisions
		 where municipality_id = $1 and meeting_id = $2 order by created_at, id`,
		[municipalityId, meetingId]
	);
	return rows.map((r) => ({ id: r.id, agendaItemId: r.agenda_item_id, text: r.text, createdAt: r.created_at }));
}

export async function insertDecision(
	sql: Sql,
	municipalityId: string,
	meetingId: string,
	d: { agendaItemId: string | null; text: string; createdBy: string }
): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		`insert into decisions (meeting_id, municipality_id, agenda_item_id, text, created_by)
		 values ($1, $2, $3, $4, $5) returning id`,
		[meetingId, municipalityId, d.agendaItemId, d.text, d.createdBy]
	);
	return row.id;
}

export async function findDecision(sql: Sql, meetingId: string, decisionId: string): Promise<(Decision & { itemCount: number }) | undefined> {
	const [row] = await sql.query<{ id: string; agenda_item_id: string | null; text: string; created_at: Date; item_count: number }>(
		`select d.id, d.agenda_item_id, d.text, d.created_at,
		        (select count(*) from action_items i where i.decision_id = d.id)::int as item_count
		 from decisions d where d.meeting_id = $1 and d.id = $2`,
		[meetingId, decisionId]
	);
	return row && { id: row.id, agendaItemId: row.agenda_item_id, text: row.text, createdAt: row.created_at, itemCount: row.item_count };
}

export async function deleteDecision(sql: Sql, meetingId: string, decisionId: string): Promise<boolean> {
	const rows = await sql.query('delete from decisions where meeting_id = $1 and id = $2 returning id', [meetingId, decisionId]);
	return rows.length === 1;
}
