import { agendaSlots, partstat } from '$lib/domain/meetings';
import { utcToZoned } from '$lib/domain/zoned-time';
import { roleOn, type Actor } from '../auth/access';
import { generateToken, hashToken } from '../auth/tokens';
import type { Database } from '../db/database';
import { meetingsToICalendar, type IcsAttendee, type IcsEvent } from '../exports/ics';
import { deleteFeed, findFeedCreatedAt, findFeedOwner, replaceFeed } from '../repos/calendar-feeds';
import { listMyBoards } from '../repos/memberships';
import { listMeetingsSince, type Meeting } from '../repos/meetings';
import type { MeetingRecord } from './meeting-record';

/**
 * Meetings as iCalendar: one meeting (`/m/<slug>/meetings/<id>/calendar.ics`) and a person's
 * feed of every meeting on their boards (`/calendar/<token>`), which calendar apps fetch
 * without a cookie, so the secret URL is the credential: only its hash is stored, it is shown
 * once, and replacing or revoking it ends the old URL at once.
 */

/** How far back the feed reaches; calendar apps keep what they already fetched. */
const FEED_PAST_DAYS = 90;

interface Place {
	origin: string;
	slug: string;
	timeZone: string;
	/** Emails stay inside the board (the board page shows them to coordinators only). */
	withEmails: boolean;
}

function baseEvent(meeting: Meeting, at: Place): IcsEvent {
	const url = `${at.origin}/m/${at.slug}/meetings/${meeting.id}`;
	return {
		uid: `meeting-${meeting.id}@${new URL(at.origin).host}`,
		start: meeting.startsAt,
		end: meeting.endsAt,
		timeZone: at.timeZone,
		summary: meeting.title,
		description: [meeting.onlineUrl, url].filter(Boolean).join('\n'),
		location: [meeting.place, meeting.onlineUrl].filter(Boolean).join(' · ') || null,
		url,
		organizer: meeting.createdBy.name ? { name: meeting.createdBy.name, email: at.withEmails ? meeting.createdBy.email : null } : null,
		updatedAt: meeting.updatedAt,
		status: meeting.cancelledAt ? 'CANCELLED' : 'CONFIRMED',
		sequence: meeting.sequence
	};
}

/** One meeting with its agenda (time slots in the description) and attendees with their attendance. */
export function meetingToICalendar(record: MeetingRecord, at: Place): string {
	const { meeting, agenda, invitees, attendance } = record;
	const event = baseEvent(meeting, at);
	const slots = agendaSlots(meeting.startsAt, agenda);
	const lines = agenda.map((item, i) => {
		const owner = item.ownerOrganizationName ? ` (${item.ownerOrganizationName})` : '';
		return `${utcToZoned(slots[i].start, at.timeZone).time}–${utcToZoned(slots[i].end, at.timeZone).time} ${item.title}${owner}`;
	});
	event.description = [lines.join('\n'), event.description].filter(Boolean).join('\n\n');

	const byOrganization = new Map(attendance.filter((a) => !a.userId).map((a) => [a.organizationId, a.status]));
	const attendees: IcsAttendee[] = invitees.map((o) => ({
		name: o.name,
		email: at.withEmails ? o.contactEmail : null,
		role: 'REQ-PARTICIPANT',
		partstat: partstat(byOrganization.get(o.organizationId))
	}));
	for (const person of attendance) {
		if (person.userId && person.personName) attendees.push({ name: person.personName, role: 'OPT-PARTICIPANT', partstat: partstat(person.status) });
	}
	event.attendees = attendees;
	return meetingsToICalendar({ calendarName: meeting.title, events: [event] });
}

/** The calendar behind a feed token, or undefined for a token that is unknown or revoked. */
export async function feedCalendar(db: Database, token: string, origin: string, name: (locale: string | null) => string): Promise<string | undefined> {
	const owner = await db.system((sql) => findFeedOwner(sql, hashToken(token)));
	if (!owner) return undefined;
	// As the person: RLS limits the feed to the boards they are on today.
	const since = new Date(Date.now() - FEED_PAST_DAYS * 86_400_000);
	const [meetings, boards] = await db.asUser(owner.userId, async (sql) => [
		await listMeetingsSince(sql, since),
		await listMyBoards(sql, owner.userId)
	] as const);
	const coordinatorOf = new Set(boards.filter((b) => b.role === 'coordinator').map((b) => b.slug));
	const events = meetings.map((mt) => baseEvent(mt, { origin, slug: mt.slug, timeZone: mt.timeZone, withEmails: coordinatorOf.has(mt.slug) }));
	return meetingsToICalendar({ calendarName: name(owner.locale), events });
}

export function placeFor(actor: Actor, municipality: { id: string; slug: string; timeZone: string }, origin: string): Place {
	return { origin, slug: municipality.slug, timeZone: municipality.timeZone, withEmails: roleOn(actor, municipality.id) === 'coordinator' };
}

// ---- the person's feed URL ----------------------------------------------------------------

export function feedCreatedAt(db: Database, userId: string): Promise<Date | null> {
	return db.system((sql) => findFeedCreatedAt(sql, userId));
}

/** A new feed token for the person (the previous one stops working); shown once. */
export async function createFeed(db: Database, userId: string): Promise<string> {
	const token = generateToken();
	await db.system((sql) => replaceFeed(sql, userId, hashToken(token)));
	return token;
}

export function revokeFeed(db: Database, userId: string): Promise<boolean> {
	return db.system((sql) => deleteFeed(sql, userId));
}
