import { organizationStatuses, type AttendanceStatus } from '$lib/domain/meetings';
import type { Actor, MunicipalityRef } from '../auth/access';
import type { Database } from '../db/database';
import type { Sql } from '../db/types';
import { listItemsOfMeeting, type ActionItem } from '../repos/action-items';
import { listMembers } from '../repos/memberships';
import {
	deleteDecision,
	findDecision,
	insertDecision,
	listAgenda,
	listAttendance,
	listDecisions,
	setOrganizationAttendance,
	setPersonAttendance,
	type AgendaItem,
	type AttendanceRecord,
	type Decision
} from '../repos/meeting-record';
import { findMeeting, findMinutesText, listInvitees, type Invitee, type Meeting } from '../repos/meetings';
import { insertItemWithHistory } from './action-items';
import { changeMeeting, Refused } from './meetings';

/**
 * What is recorded as a meeting goes: attendance, decisions, and the action items decisions
 * raise. Same frame as services/meetings.ts (coordinator, one transaction, record not frozen).
 */

export interface AttendanceInput {
	organizations: { organizationId: string; status: AttendanceStatus | null }[];
	people: { userId: string; status: AttendanceStatus | null }[];
}

/**
 * Records attendance per organization and per person (null: not recorded, removes a record).
 * A person stands for the organization their membership names; one who came makes their
 * organization present.
 */
export function recordAttendance(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, input: AttendanceInput) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft' }, async (sql) => {
		const members = new Map((await listMembers(sql, municipality.id)).map((mb) => [mb.userId, mb.organizationId]));
		const people = input.people.map((p) => {
			if (!members.has(p.userId)) throw new Refused('invalid_choice');
			return { ...p, organizationId: members.get(p.userId) ?? null };
		});
		const organizations = organizationStatuses(new Map(input.organizations.map((o) => [o.organizationId, o.status])), people);
		for (const [organizationId, status] of organizations) {
			await setOrganizationAttendance(sql, municipality.id, meetingId, organizationId, status, actor.userId);
		}
		for (const person of people) await setPersonAttendance(sql, municipality.id, meetingId, person, person.status, actor.userId);
		return meetingId;
	});
}

export interface ActionDraft {
	title: string;
	ownerOrganizationId: string;
	dueDate: string | null;
}

async function raise(sql: Sql, actor: Actor, municipality: MunicipalityRef, decisionId: string, action: ActionDraft) {
	const result = await insertItemWithHistory(sql, actor, municipality, {
		title: action.title,
		description: '',
		ownerOrganizationId: action.ownerOrganizationId,
		objectiveId: null,
		dueDate: action.dueDate,
		assigneeIds: [],
		decisionId
	});
	// Rolls back the decision too: a decision and the item it raises are recorded together or not at all.
	if (!result.ok) throw new Refused(result.reason, result.field === 'ownerOrganizationId' ? 'actionOwnerId' : undefined);
	return result.id;
}

/** Records a decision, filed under an agenda item of this meeting, and in the same step the action item it raises. */
export function recordDecision(
	db: Database,
	actor: Actor,
	municipality: MunicipalityRef,
	meetingId: string,
	decision: { text: string; agendaItemId: string | null; action: ActionDraft | null }
) {
	const topics = decision.action ? (['actions'] as const) : [];
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft', topics: [...topics] }, async (sql) => {
		const id = await insertDecision(sql, municipality.id, meetingId, { agendaItemId: decision.agendaItemId, text: decision.text, createdBy: actor.userId });
		if (decision.action) await raise(sql, actor, municipality, id, decision.action);
		return id;
	});
}

/** Raises one more action item from a decision already recorded. */
export function raiseAction(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, decisionId: string, action: ActionDraft) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft', topics: ['actions'] }, async (sql) => {
		if (!(await findDecision(sql, meetingId, decisionId))) throw new Refused('not_found');
		return raise(sql, actor, municipality, decisionId, action);
	});
}

/** Removes a decision recorded by mistake; one that raised action items stays (they point to it). */
export function removeDecision(db: Database, actor: Actor, municipality: MunicipalityRef, meetingId: string, decisionId: string) {
	return changeMeeting(db, actor, municipality, meetingId, { needs: 'draft' }, async (sql) => {
		const decision = await findDecision(sql, meetingId, decisionId);
		if (!decision) throw new Refused('not_found');
		if (decision.itemCount > 0) throw new Refused('not_allowed');
		await deleteDecision(sql, meetingId, decisionId);
		return decisionId;
	});
}

export interface MeetingRecord {
	meeting: Meeting;
	agenda: AgendaItem[];
	invitees: Invitee[];
	attendance: AttendanceRecord[];
	decisions: (Decision & { items: ActionItem[] })[];
	minutesText: string | null;
}

/** Everything a meeting page shows, as `userId` sees it (RLS), or undefined when there is no such meeting. */
export function loadMeetingRecord(db: Database, userId: string, municipalityId: string, meetingId: string): Promise<MeetingRecord | undefined> {
	return db.asUser(userId, async (sql) => {
		const meeting = await findMeeting(sql, municipalityId, meetingId);
		if (!meeting) return undefined;
		const items = await listItemsOfMeeting(sql, municipalityId, meetingId);
		const decisions = await listDecisions(sql, municipalityId, meetingId);
		return {
			meeting,
			agenda: await listAgenda(sql, municipalityId, meetingId),
			invitees: await listInvitees(sql, municipalityId, meetingId),
			attendance: await listAttendance(sql, municipalityId, meetingId),
			decisions: decisions.map((d) => ({ ...d, items: items.filter((i) => i.decisionId === d.id) })),
			minutesText: meeting.minutesNoteId ? await findMinutesText(sql, municipalityId, meeting.minutesNoteId) : null
		};
	});
}

/**
 * A meeting record fit to send to any board member's browser: no email addresses (the board
 * shows those to coordinators only; the .ics export decides for itself).
 */
export function forPage(record: MeetingRecord) {
	return {
		...record,
		meeting: withoutEmail(record.meeting),
		invitees: record.invitees.map(({ contactEmail: _, ...invitee }) => invitee)
	};
}

export const withoutEmail = (meeting: Meeting): Meeting => ({ ...meeting, createdBy: { ...meeting.createdBy, email: null } });
