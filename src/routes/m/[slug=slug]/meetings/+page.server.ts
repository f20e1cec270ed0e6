import { requireBoard } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { listMeetings } from '$lib/server/repos/meetings';
import { withoutEmail } from '$lib/server/services/meeting-record';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'meetings.view');
	event.depends('board:meetings');
	const [upcoming, past] = await (await db()).asUser(user.id, async (sql) => [
		await listMeetings(sql, municipality.id, 'upcoming'),
		await listMeetings(sql, municipality.id, 'past')
	] as const);
	return { municipality, upcoming: upcoming.map(withoutEmail), past: past.map(withoutEmail), canManage: can(actor, 'meetings.manage', municipality) };
}) satisfies PageServerLoad;
