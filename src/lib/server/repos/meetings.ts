import type { Sql } from '../db/types';

/** A meeting as lists and pages show it. */
export interface Meeting {
	id: string;
	municipalityId: string;
	title: string;
	startsAt: Date;
	endsAt: Date;
	place: string | null;
	onlineUrl: string | null;
	minutesNoteId: string | null;
	minutesApprovedAt: Date | null;
	minutesApprovedByName: string | null;
	cancelledAt: Date | null;
	sequence: number;
	/** Name and email are null when RLS hides the person (they left the reader's boards). */
	createdBy: { id: string; name: string | null; email: string | null };
	updatedAt: Date;
}

type Row = {
	id: string;
	municipality_id: string;
	title: string;
	starts_at: Date;
	ends_at: Date;
	place: string | null;
	online_url: string | null;
	minutes_note_id: string | null;
	minutes_approved_at: Date | null;
	approved_by_name: string | null;
	cancelled_at: Date | null;
	sequence: number;
	created_by: string;
	creator_name: string | null;
	creator_email: string | null;
	updated_at: Date;
};

// Left joins on users: people who left every board the reader shares with them are hidden
// by RLS, and their meetings must not vanish with them.
const COLUMNS = `mt.id, mt.municipality_id, mt.title, mt.starts_at, mt.ends_at, mt.place, mt.online_url, mt.minutes_note_id,
	mt.minutes_approved_at, ap.display_name as approved_by_name, mt.cancelled_at, mt.sequence,
	mt.created_by, cr.display_name as creator_name, cr.email as creator_email, mt.updated_at`;
const FROM = `from meetings mt
	left join users cr on cr.id = mt.created_by
	left join users ap on ap.id = mt.minutes_approved_by`;
const SELECT = `select ${COLUMNS} ${FROM}`;

const fromRow = (r: Row): Meeting => ({
	id: r.id,
	municipalityId: r.municipality_id,
	title: r.title,
	startsAt: r.starts_at,
	endsAt: r.ends_at,
	place: r.place,
	onlineUrl: r.online_url,
	minutesNoteId: r.minutes_note_id,
	minutesApprovedAt: r.minutes_approved_at,
	minutesApprovedByName: r.approved_by_name,
	cancelledAt: r.cancelled_at,
	sequence: r.sequence,
	createdBy: { id: r.created_by, name: r.creator_name, email: r.creator_email },
	updatedAt: r.updated_at
});

/**
 * Meetings not yet over, soonest first, or those over, latest first; `held` leaves out the
 * cancelled ones (the board's "next meeting").
 */
export async function listMeetings(
	sql: Sql,
	municipalityId: string,
	when: 'upcoming' | 'past',
	options: { limit?: number; held?: boolean } = {}
): Promise<Meeting[]> {
	const held = options.held ? ' and mt.cancelled_at is null' : '';
	const rows = await sql.query<Row>(
		when === 'upcoming'
			? `${SELECT} where mt.municipality_id = $1 and mt.ends_at > now()${held} order by mt.starts_at limit $2`
			: `${SELECT} where mt.municipality_id = $1 and mt.ends_at <= now()${held} order by mt.starts_at desc limit $2`,
		[municipalityId, options.limit ?? 100]
	);
	return rows.map(fromRow);
}

export async function findMeeting(sql: Sql, municipalityId: string, meetingId: string, forUpdate = false): Promise<Meeting | undefined> {
	// FOR UPDATE OF mt: concurrent changes to one meeting (two approvals, two "start minutes") queue.
	const [row] = await sql.query<Row>(
		`${SELECT} where mt.municipality_id = $1 and mt.id = $2${forUpdate ? ' for update of mt' : ''}`,
		[municipalityId, meetingId]
	);
	return row && fromRow(row);
}

/** The meetings of every board the transaction's user sees (RLS), from `since` on, for a calendar feed. */
export async function listMeetingsSince(sql: Sql, since: Date, limit = 1000): Promise<(Meeting & { timeZone: string; slug: string })[]> {
	const rows = await sql.query<Row & { time_zone: string; slug: string }>(
		`select ${COLUMNS}, mu.time_zone, mu.slug ${FROM} join municipalities mu on mu.id = mt.municipality_id
		 where mt.ends_at >= $1 order by mt.starts_at limit $2`,
		[since, limit]
	);
	return rows.map((r) => ({ ...fromRow(r), timeZone: r.time_zone, slug: r.slug }));
}

export interface Schedule {
	title: string;
	startsAt: Date;
	endsAt: Date;
	place: string | null;
	onlineUrl: string | null;
}

export async function insertMeeting(sql: Sql, municipalityId: string, createdBy: string, s: Schedule): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		`insert into meetings (municipality_id, title, starts_at, ends_at, place, online_url, created_by)
		 values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		[municipalityId, s.title, s.startsAt, s.endsAt, s.place, s.onlineUrl, createdBy]
	);
	return row.id;
}

/** Changes the schedule; calendar apps see a higher SEQUENCE. */
export async function updateSchedule(sql: Sql, municipalityId: string, meetingId: string, s: Schedule): Promise<void> {
	await sql.query(
		`update meetings set title = $3, starts_at = $4, ends_at = $5, place = $6, online_url = $7,
		        sequence = sequence + 1, updated_at = now()
		 where municipality_id = $1 and id = $2`,
		[municipalityId, meetingId, s.title, s.startsAt, s.endsAt, s.place, s.onlineUrl]
	);
}

export async function setCancelled(sql: Sql, municipalityId: string, meetingId: string, cancelled: boolean): Promise<void> {
	await sql.query(
		`update meetings set cancelled_at = case when $3 then now() end, sequence = sequence + 1, updated_at = now()
		 where municipality_id = $1 and id = $2`,
		[municipalityId, meetingId, cancelled]
	);
}

export async function setMinutesNote(sql: Sql, municipalityId: string, meetingId: string, noteId: string): Promise<void> {
	await sql.query('update meetings set minutes_note_id = $3, updated_at = now() where municipality_id = $1 and id = $2', [
		municipalityId,
		meetingId,
		noteId
	]);
}

export async function approveMinutes(sql: Sql, municipalityId: string, meetingId: string, userId: string): Promise<void> {
	await sql.query(
		`update meetings set minutes_approved_at = now(), minutes_approved_by = $3, updated_at = now()
		 where municipality_id = $1 and id = $2`,
		[municipalityId, meetingId, userId]
	);
}

/** Marks the meeting changed (DTSTAMP of its calendar entry) after a change to its parts. */
export async function touchMeeting(sql: Sql, municipalityId: string, meetingId: string): Promise<void> {
	await sql.query('update meetings set updated_at = now() where municipality_id = $1 and id = $2', [municipalityId, meetingId]);
}

// ---- invited organizations ---------------------------------------------------------------

export interface Invitee {
	organizationId: string;
	name: string;
	sector: string;
	contactEmail: string | null;
}

export async function listInvitees(sql: Sql, municipalityId: string, meetingId: string): Promise<Invitee[]> {
	const rows = await sql.query<{ id: string; name: string; sector: string; contact_email: string | null }>(
		`select o.id, o.name, o.sector, o.contact_email from meeting_invitees i join organizations o on o.id = i.organization_id
		 where i.municipality_id = $1 and i.meeting_id = $2 order by o.sector, o.name`,
		[municipalityId, meetingId]
	);
	return rows.map((r) => ({ organizationId: r.id, name: r.name, sector: r.sector, contactEmail: r.contact_email }));
}

export async function setInvitees(sql: Sql, municipalityId: string, meetingId: string, organizationIds: string[]): Promise<void> {
	await sql.query('delete from meeting_invitees where meeting_id = $1 and not (organization_id = any ($2::uuid[]))', [
		meetingId,
		organizationIds
	]);
	await sql.query(
		`insert into meeting_invitees (meeting_id, organization_id, municipality_id)
		 select $1, unnest($3::uuid[]), $2 on conflict do nothing`,
		[meetingId, municipalityId, organizationIds]
	);
}

/** The minutes' plain text (one line per paragraph), for the printable meeting record. */
export async function findMinutesText(sql: Sql, municipalityId: string, noteId: string): Promise<string | null> {
	const [row] = await sql.query<{ text_content: string }>('select text_content from notes where municipality_id = $1 and id = $2', [
		municipalityId,
		noteId
	]);
	return row?.text_content ?? null;
}
