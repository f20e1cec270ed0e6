import { error, redirect } from '@sveltejs/kit';
import { recordLock } from '$lib/domain/meetings';
import { utcToZoned } from '$lib/domain/zoned-time';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { formValues } from '$lib/forms/parse';
import { parseSchedule } from '$lib/forms/meetings';
import { invalid } from '$lib/server/forms';
import { findMeeting, listInvitees } from '$lib/server/repos/meetings';
import { listOrganizations } from '$lib/server/repos/organizations';
import { withoutEmail } from '$lib/server/services/meeting-record';
import { editSchedule } from '$lib/server/services/meetings';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, municipality } = await requireBoard(event, 'meetings.manage');
	event.depends('board:meetings');
	const [meeting, invitees, organizations] = await (await db()).asUser(user.id, async (sql) => [
		await findMeeting(sql, municipality.id, event.params.id),
		await listInvitees(sql, municipality.id, event.params.id),
		await listOrganizations(sql, municipality.id)
	] as const);
	if (!meeting) error(404);
	const start = utcToZoned(meeting.startsAt, municipality.timeZone);
	const inviteeIds = invitees.map((i) => i.organizationId);
	return {
		municipality,
		meeting: withoutEmail(meeting),
		locked: recordLock(meeting) === 'approved',
		// Invited organizations stay listed after they left the framework.
		organizations: organizations.filter((o) => !o.leftOn || inviteeIds.includes(o.id)).map(({ id, name, sector }) => ({ id, name, sector })),
		values: {
			title: meeting.title,
			date: start.date,
			startTime: start.time,
			endTime: utcToZoned(meeting.endsAt, municipality.timeZone).time,
			place: meeting.place ?? '',
			onlineUrl: meeting.onlineUrl ?? '',
			invitee: inviteeIds.join(',')
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'meetings.manage');
		const form = await event.request.formData();
		const parsed = parseSchedule(form, municipality.timeZone);
		if (!parsed.ok) return invalid('schedule', parsed.errors, parsed.values);
		const result = await editSchedule(await db(), actor, municipality, event.params.id, parsed.data);
		if (!result.ok) {
			const status = result.reason === 'not_found' ? 404 : result.reason === 'read_only' ? 409 : 400;
			return invalid('schedule', { form: result.reason }, { ...formValues(form), invitee: form.getAll('invitee').join(',') }, { status });
		}
		redirect(303, `/m/${municipality.slug}/meetings/${event.params.id}`);
	}
} satisfies Actions;
