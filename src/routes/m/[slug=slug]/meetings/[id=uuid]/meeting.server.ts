import { error, redirect, type RequestEvent, type ServerLoadEvent } from '@sveltejs/kit';
import { agendaOverrun, agendaSlots, meetingPhase, recordLock } from '$lib/domain/meetings';
import { formValues, parseForm } from '$lib/forms/parse';
import { agendaItemEditSchema, agendaItemSchema, decisionSchema, moveSchema, parseAttendance, raiseActionSchema } from '$lib/forms/meetings';
import { idSchema } from '$lib/forms/schemas';
import type { ErrorCode } from '$lib/forms/errors';
import { formatDateTime } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages';
import { can, type Actor } from '$lib/server/auth/access';
import type { Municipality } from '$lib/server/repos/municipalities';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/forms';
import { attachmentMaxBytes } from '$lib/server/attachments/policy';
import { listAttachments } from '$lib/server/repos/attachments';
import { listMembers } from '$lib/server/repos/memberships';
import { findMeeting } from '$lib/server/repos/meetings';
import { listOrganizations } from '$lib/server/repos/organizations';
import { forPage, loadMeetingRecord, raiseAction, recordAttendance, recordDecision, removeDecision } from '$lib/server/services/meeting-record';
import * as meetings from '$lib/server/services/meetings';
import type { MeetingResult } from '$lib/server/services/meetings';

/**
 * The load and the form actions the meeting page and its run view share. Each route's entry
 * point calls its guard first (requireBoard), then one of these with what the guard returned.
 */
export interface Board {
	user: { id: string };
	actor: Actor;
	municipality: Municipality;
}
type Event = RequestEvent<{ slug: string; id: string }>;

export async function loadMeeting(event: Pick<ServerLoadEvent<{ slug: string; id: string }>, 'params' | 'depends'>, { user, actor, municipality }: Board) {
	event.depends('board:meetings', 'board:actions');
	const database = await db();
	const record = await loadMeetingRecord(database, user.id, municipality.id, event.params.id);
	if (!record) error(404);
	const canManage = can(actor, 'meetings.manage', municipality);
	const [organizations, members, files] = await database.asUser(user.id, async (sql) => [
		(await listOrganizations(sql, municipality.id)).map(({ id, name, sector, leftOn }) => ({ id, name, sector, leftOn })),
		// The attendance form lists the board's people; others see who was recorded.
		canManage ? (await listMembers(sql, municipality.id)).map(({ userId, displayName, organizationId }) => ({ userId, displayName, organizationId })) : [],
		await listAttachments(sql, municipality.id, { meetingId: event.params.id })
	] as const);
	const { meeting, agenda } = record;
	return {
		municipality,
		...forPage(record),
		slots: agendaSlots(meeting.startsAt, agenda),
		overrun: agendaOverrun(meeting.startsAt, meeting.endsAt, agenda),
		phase: meetingPhase(meeting),
		lock: recordLock(meeting),
		organizations,
		members,
		canManage,
		files,
		userId: user.id,
		maxMegabytes: Math.floor(attachmentMaxBytes() / 1024 / 1024)
	};
}

const STATUS: Partial<Record<ErrorCode, number>> = { not_found: 404, not_allowed: 403, read_only: 409 };

/** The action's answer: saved, or the reason with the submitted values to refill. */
function answer(form: string, result: MeetingResult, values: Record<string, string> = {}) {
	if (result.ok) return { form, saved: true as const, id: result.id };
	return invalid(form, { [result.field ?? 'form']: result.reason }, values, { status: STATUS[result.reason] ?? 400 });
}

const context = async (event: Event, board: Board) => [await db(), board.actor, board.municipality, event.params.id] as const;

export async function setCancelled(event: Event, board: Board, cancelled: boolean) {
	return answer('cancel', await meetings.cancelMeeting(...(await context(event, board)), cancelled));
}

export async function addAgendaItem(event: Event, board: Board) {
	const form = await event.request.formData();
	const parsed = parseForm(agendaItemSchema, form);
	if (!parsed.ok) return invalid('addAgendaItem', parsed.errors, parsed.values);
	return answer('addAgendaItem', await meetings.addAgendaItem(...(await context(event, board)), parsed.data), formValues(form));
}

export async function editAgendaItem(event: Event, board: Board) {
	const form = await event.request.formData();
	const parsed = parseForm(agendaItemEditSchema, form);
	if (!parsed.ok) return invalid('editAgendaItem', parsed.errors, parsed.values);
	const { id, ...fields } = parsed.data;
	return answer('editAgendaItem', await meetings.editAgendaItem(...(await context(event, board)), id, fields), formValues(form));
}

export async function removeAgendaItem(event: Event, board: Board) {
	const parsed = parseForm(idSchema, await event.request.formData());
	if (!parsed.ok) return invalid('agenda', parsed.errors);
	return answer('agenda', await meetings.removeAgendaItem(...(await context(event, board)), parsed.data.id));
}

export async function moveAgendaItem(event: Event, board: Board) {
	const parsed = parseForm(moveSchema, await event.request.formData());
	if (!parsed.ok) return invalid('agenda', parsed.errors);
	return answer('agenda', await meetings.moveAgendaItem(...(await context(event, board)), parsed.data.id, parsed.data.direction));
}

export async function attendance(event: Event, board: Board) {
	const parsed = parseAttendance(await event.request.formData());
	if (!parsed.ok) return invalid('attendance', parsed.errors);
	return answer('attendance', await recordAttendance(...(await context(event, board)), parsed.data));
}

export async function decide(event: Event, board: Board) {
	const form = await event.request.formData();
	const parsed = parseForm(decisionSchema, form);
	if (!parsed.ok) return invalid('decide', parsed.errors, parsed.values);
	return answer('decide', await recordDecision(...(await context(event, board)), parsed.data), formValues(form));
}

export async function raise(event: Event, board: Board) {
	const form = await event.request.formData();
	const parsed = parseForm(raiseActionSchema, form);
	if (!parsed.ok) return invalid('raiseAction', parsed.errors, parsed.values);
	const { decisionId, action } = parsed.data;
	return answer('raiseAction', await raiseAction(...(await context(event, board)), decisionId, action), formValues(form));
}

export async function unDecide(event: Event, board: Board) {
	const parsed = parseForm(idSchema, await event.request.formData());
	if (!parsed.ok) return invalid('removeDecision', parsed.errors);
	return answer('removeDecision', await removeDecision(...(await context(event, board)), parsed.data.id));
}

/** Opens the minutes note; `open` sends the coordinator straight to it. */
export async function startMinutes(event: Event, board: Board, open: boolean) {
	const [database, actor, municipality, meetingId] = await context(event, board);
	const meeting = await database.asUser(board.user.id, (sql) => findMeeting(sql, municipality.id, meetingId));
	if (!meeting) return answer('minutes', { ok: false, reason: 'not_found' });
	// The note's title is written once, in the coordinator's language.
	const title = m.meetings_minutes_note_title({ title: meeting.title, date: formatDateTime(meeting.startsAt, municipality.timeZone) }).slice(0, 200);
	const result = await meetings.startMinutes(database, actor, municipality, meetingId, title);
	if (result.ok && open) redirect(303, `/m/${municipality.slug}/notes/${result.id}`);
	return answer('minutes', result);
}

export async function approve(event: Event, board: Board) {
	return answer('minutes', await meetings.approveMinutes(...(await context(event, board))));
}
