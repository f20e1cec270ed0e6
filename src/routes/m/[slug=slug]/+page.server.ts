import { requireBoard } from '$lib/server/auth/guards';
import { can, roleOn } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { listMembers } from '$lib/server/repos/memberships';
import { listNotes } from '$lib/server/repos/notes';
import { listOrganizations } from '$lib/server/repos/organizations';
import { nextMeeting, overdueItems, recentlyChangedItems } from '$lib/server/repos/board-overview';
import { todayIn } from '$lib/domain/action-items';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'board.view');
	event.depends('board:actions', 'board:meetings', 'board:notes');
	const today = todayIn(municipality.timeZone);
	const [organizations, members, notes, meeting, overdue, recentItems] = await (await db()).asUser(user.id, async (sql) => [
		await listOrganizations(sql, municipality.id),
		await listMembers(sql, municipality.id),
		await listNotes(sql, municipality.id, { limit: 5 }),
		await nextMeeting(sql, municipality.id),
		await overdueItems(sql, municipality.id, today),
		await recentlyChangedItems(sql, municipality.id)
	] as const);
	const role = roleOn(actor, municipality.id)!;
	return {
		municipality,
		role,
		organizations,
		// Contact details stay inside the board; emails are shown only to coordinators.
		members: members.map((mb) => ({ ...mb, email: role === 'coordinator' ? mb.email : null })),
		recentNotes: notes.slice(0, 5).map(({ id, title, updatedAt }) => ({ id, title, updatedAt })),
		nextMeeting: meeting,
		overdueItems: overdue,
		recentItems,
		canManageMembers: can(actor, 'members.manage', municipality),
		canSeeReferrals: role !== 'observer'
	};
}) satisfies PageServerLoad;
