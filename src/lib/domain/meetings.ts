/**
 * The rules of meetings (DOMAIN.md, "Meetings"), in one place for the forms, the server and the
 * tests. The database repeats the ones it can (supabase/migrations/*_secure_meetings.sql: an
 * approved meeting's record is read-only).
 */
export const ATTENDANCE_STATUSES = ['present', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export interface MeetingTimes {
	startsAt: Date;
	endsAt: Date;
	cancelledAt: Date | null;
	minutesApprovedAt: Date | null;
}

export type MeetingPhase = 'cancelled' | 'upcoming' | 'in_progress' | 'held';

export function meetingPhase(meeting: MeetingTimes, now = new Date()): MeetingPhase {
	if (meeting.cancelledAt) return 'cancelled';
	if (now < meeting.startsAt) return 'upcoming';
	return now < meeting.endsAt ? 'in_progress' : 'held';
}

/**
 * Why the meeting's record (agenda, attendance, decisions, schedule) cannot change now, or null.
 * Approved minutes freeze the record; a cancelled meeting records nothing until restored.
 */
export function recordLock(meeting: MeetingTimes): 'approved' | 'cancelled' | null {
	if (meeting.minutesApprovedAt) return 'approved';
	return meeting.cancelledAt ? 'cancelled' : null;
}

/** Whether the coordinator may approve the minutes now: they exist, the meeting took place, not twice. */
export function approvalRefusal(
	meeting: MeetingTimes & { minutesNoteId: string | null },
	now = new Date()
): 'read_only' | 'not_allowed' | null {
	if (meeting.minutesApprovedAt || meeting.cancelledAt) return 'read_only';
	if (!meeting.minutesNoteId || now < meeting.startsAt) return 'not_allowed';
	return null;
}

export interface Slot {
	start: Date;
	end: Date;
}

/** Each agenda item's time slot: it starts when the items before it (in order) are done. */
export function agendaSlots(startsAt: Date, items: readonly { durationMinutes: number }[]): Slot[] {
	let at = startsAt.getTime();
	return items.map((item) => {
		const start = new Date(at);
		at += item.durationMinutes * 60_000;
		return { start, end: new Date(at) };
	});
}

/** Minutes by which the agenda runs past the meeting's end (0 when it fits). */
export function agendaOverrun(startsAt: Date, endsAt: Date, items: readonly { durationMinutes: number }[]): number {
	const total = items.reduce((sum, item) => sum + item.durationMinutes, 0);
	return Math.max(0, Math.round((startsAt.getTime() + total * 60_000 - endsAt.getTime()) / 60_000));
}

/** The index of the agenda item whose slot holds `now`, or -1. */
export function currentItem(slots: readonly Slot[], now = new Date()): number {
	return slots.findIndex((s) => s.start <= now && now < s.end);
}

/** The agenda order after moving one item a step up or down (ids, in order). */
export function moveInOrder(ids: readonly string[], id: string, direction: 'up' | 'down'): string[] {
	const order = [...ids];
	const i = order.indexOf(id);
	const j = direction === 'up' ? i - 1 : i + 1;
	if (i < 0 || j < 0 || j >= order.length) return order;
	[order[i], order[j]] = [order[j], order[i]];
	return order;
}

export interface PersonAttendance {
	userId: string;
	organizationId: string | null;
	status: AttendanceStatus | null;
}

/**
 * Organization statuses as recorded: someone who came stood for their organization, so an
 * organization with a person present is present, whatever was ticked for it; otherwise its own
 * status stands (null: not recorded).
 */
export function organizationStatuses(
	organizations: ReadonlyMap<string, AttendanceStatus | null>,
	people: readonly PersonAttendance[]
): Map<string, AttendanceStatus | null> {
	const result = new Map(organizations);
	for (const person of people) {
		if (person.status === 'present' && person.organizationId) result.set(person.organizationId, 'present');
	}
	return result;
}

/** iCalendar participation status for an organization's or person's attendance. */
export function partstat(status: AttendanceStatus | null | undefined): 'ACCEPTED' | 'DECLINED' | 'NEEDS-ACTION' {
	// Excused is a declined invitation; absent without excuse is an invitation never answered.
	if (status === 'present') return 'ACCEPTED';
	return status === 'excused' ? 'DECLINED' : 'NEEDS-ACTION';
}
