import { redirect } from '@sveltejs/kit';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { parseSchedule } from '$lib/forms/meetings';
import { invalid } from '$lib/server/forms';
import { listOrganizations } from '$lib/server/repos/organizations';
import { scheduleMeeting } from '$lib/server/services/meetings';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, municipality } = await requireBoard(event, 'meetings.manage');
	event.depends('board:meetings');
	const organizations = await (await db()).asUser(user.id, (sql) => listOrganizations(sql, municipality.id));
	return { municipality, organizations: organizations.filter((o) => !o.leftOn).map(({ id, name, sector }) => ({ id, name, sector })) };
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'meetings.manage');
		const parsed = parseSchedule(await event.request.formData(), municipality.timeZone);
		if (!parsed.ok) return invalid('schedule', parsed.errors, parsed.values);
		const result = await scheduleMeeting(await db(), actor, municipality, parsed.data);
		if (!result.ok) return invalid('schedule', { form: result.reason }, {}, { status: 400 });
		redirect(303, `/m/${municipality.slug}/meetings/${result.id}`);
	}
} satisfies Actions;
