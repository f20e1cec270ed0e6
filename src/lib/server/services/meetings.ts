import { approvalRefusal, moveInOrder, recordLock } from '$lib/domain/meetings';
import type { ErrorCode } from '$lib/forms/errors';
import { can, type Actor, type MunicipalityRef } from '../auth/access';
import type { Database } from '../db/database';
import type { Sql } from '../db/types';
import { publish, type BoardTopic } from '../events';
import { insertNote } from '../repos/notes';
import { deleteAgendaItem, insertAgendaItem, listAgenda, setAgendaOrder, updateAgendaItem, type AgendaFields } from '../repos/meeting-record';
import {
	approveMinutes as approve,
	findMeeting,
	insertMeeting,
	setCancelled,
	setInvitees,
	setMinutesNote,
	touchMeeting,
	updateSchedule,
	type Meeting,
	type Schedule
} from '../repos/meetings';

/**
 * Running meetings, as the coordinator (RLS applies to every statement). Each change locks the
 * meeting row, checks that its record may still change (src/lib/domain/meetings.ts), runs in
 * one transaction, and then tells open views (`board` events carry no content).
 */

/** On refusal, `field` names the form field the reason belongs to, when it is one field's fault. */
export type MeetingResult = { ok: true; id: string } | { ok: false; reason: ErrorCode; field?: string };

/** Thrown inside a transaction to roll it back and answer with a reason. */
export class Refused extends Error {
	constructor(
		readonly reason: ErrorCode,
		readonly field?: string
	) {
		super(reason);
	}
}

const refuse = (reason: ErrorCode): MeetingResult => ({ ok: false, reason });

interface Change {
	/** What may change: 'draft' (not approved, not cancelled), 'unapproved' (also cancelled). */
	needs: 'draft' | 'unapproved';
	topics?: BoardTopic[];
	/** Set false when the work updates the meeting row itself in a way that freezes it (approval). */
	touch?: boolean;
}

/**
 * The frame of every change to an existing meeting. A foreign key violation means an id from
 * another board or meeting was submitted (composite keys catch it): 'invalid_choice'.
 */
export async function changeMeeting(
	db: Database,
	actor: Actor,
	municipality: MunicipalityRef,
	meetingId: string,
	change: Change,
	work: (sql: Sql, meeting: Meeting) => Promise<string>
): Promise<MeetingResult> {
	if (!can(actor, 'meetings.manage', municipality)) return refuse('not_allowed');
	let result: MeetingResult;
	try {
		result = await db.asUser(actor.userId, async (sql): Promise<MeetingResult> => {
			const meeting = await findMeeting(sql, municipality.id, meetingId, true);
			if (!meeting) return refuse('not_found');
			const lock = recordLock(meeting);
			if (lock === 'approved' || (lock === 'cancelled' && change.needs === 'draft')) return refuse('read_only');
			const id = await work(sql, meeting);
			if (change.touch !== false) await touchMeeting(sql, municipality.id, meetingId);
			return { ok: true, id };
		});
	} catch (err) {
		if (err instanceof Refused) return err.field ? { ok: false, reason: err.reason, field: err.field } : refuse(err.reason);
		if ((err as { code?: string }).code === '23503') return refuse('invalid_choice');
		throw err;
	}
	if (result.ok) for (const topic of ['meetings', ...(change.topics ?? [])] as BoardTopic[]) publish({ type: 'board', municipalityId: municipality.id, topic });
	return result;
}

export async function scheduleMeeting(
	db: Database,
	actor: Actor,
	municipality: MunicipalityRef,
	schedule: Schedule & { inviteeIds: string[] }
): Promise<MeetingResult> {
	if (!can(actor, 'meetings.manage', municipality)) return refuse('not_allowed');
	let id: string;
	try {
		id = await db.asUser(actor.userId, async (sql) => {
			const meetingId = await insertMeeting(sql, municipality.id, actor.userId, schedule);
			await setInvitees(sql, municipality.id, meetingId, schedule.inviteeIds);
			return meetingId;
		});
	} catch (err) {
		if ((err as { code?: string }).code === '23503') return refuse('invalid_choice');
		throw err;
	}
	publish({ type: 'board', municipalityId: municipality.id, topic: 'meetings' });
	return { ok: true, id };
}

export function editSchedule(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, schedule: Schedule & { inviteeIds: string[] }) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'unapproved' }, async (sql) => {
		await updateSchedule(sql, municipality.id, meetingId, schedule);
		await setInvitees(sql, municipality.id, meetingId, schedule.inviteeIds);
		return meetingId;
	});
}

/** Cancels or restores a meeting; calendars show it cancelled (it is kept, with its record). */
export function cancelMeeting(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, cancelled: boolean) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'unapproved' }, async (sql, meeting) => {
		if (!!meeting.cancelledAt !== cancelled) await setCancelled(sql, municipality.id, meetingId, cancelled);
		return meetingId;
	});
}

// ---- agenda ------------------------------------------------------------------------------

export function addAgendaItem(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, fields: AgendaFields) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft' }, (sql) => insertAgendaItem(sql, municipality.id, meetingId, fields));
}

export function editAgendaItem(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, itemId: string, fields: AgendaFields) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft' }, async (sql) => {
		if (!(await updateAgendaItem(sql, meetingId, itemId, fields))) throw new Refused('not_found');
		return itemId;
	});
}

/** Removes an agenda item; decisions taken under it stay, no longer filed under an item. */
export function removeAgendaItem(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, itemId: string) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft' }, async (sql) => {
		if (!(await deleteAgendaItem(sql, meetingId, itemId))) throw new Refused('not_found');
		return itemId;
	});
}

export function moveAgendaItem(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, itemId: string, direction: 'up' | 'down') {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft' }, async (sql) => {
		const ids = (await listAgenda(sql, municipality.id, meetingId)).map((a) => a.id);
		if (!ids.includes(itemId)) throw new Refused('not_found');
		await setAgendaOrder(sql, meetingId, moveInOrder(ids, itemId, direction));
		return itemId;
	});
}

// ---- minutes -----------------------------------------------------------------------------

/**
 * Opens the minutes: a collaborative note of kind 'minutes', made when the coordinator first
 * asks for it (a meeting that never took place gets no empty note). Inside the meeting's lock,
 * so two clicks make one note; a second call returns the same note.
 */
export function startMinutes(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, noteTitle: string) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft', topics: ['notes'] }, async (sql, meeting) => {
		if (meeting.minutesNoteId) return meeting.minutesNoteId;
		const noteId = await insertNote(sql, { municipalityId: municipality.id, title: noteTitle, kind: 'minutes', createdBy: actor.userId });
		await setMinutesNote(sql, municipality.id, meetingId, noteId);
		return noteId;
	});
}

/**
 * Approves the minutes (draft → approved): once, after the meeting began, in the coordinator's
 * name. From then on the note and the meeting's record are read-only; open editors of the note
 * are switched to read-only by the collaboration server on the 'access' event.
 */
export async function approveMinutes(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string): Promise<MeetingResult> {
	const result = await changeMeeting(db, actor, municipality, meetingId, { needs: 'draft', topics: ['notes'], touch: false }, async (sql, meeting) => {
		const refusal = approvalRefusal(meeting);
		if (refusal) throw new Refused(refusal);
		await approve(sql, municipality.id, meetingId, actor.userId);
		return meeting.minutesNoteId!;
	});
	if (result.ok) publish({ type: 'access', noteIds: [result.id] });
	return result;
}
