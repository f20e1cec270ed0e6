import { requireBoard } from '$lib/server/auth/guards';
import { can, roleOn } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { listMembers } from '$lib/server/repos/memberships';
import { listNotes } from '$lib/server/repos/notes';
import { listOrganizations } from '$lib/server/repos/organizations';
import { listItems, type ActionItem } from '$lib/server/repos/action-items';
import { listMeetings } from '$lib/server/repos/meetings';
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
		await listMeetings(sql, municipality.id, 'upcoming', { limit: 1, held: true }),
		await listItems(sql, municipality.id, { overdueOn: today, limit: 10 }),
		await listItems(sql, municipality.id, { order: 'changed', limit: 5 })
	] as const);
	// What the front page shows of them, nothing more (meetings carry their creator's email).
	const overview = ({ id, title, ownerOrganizationName, status, progress, dueDate, updatedAt }: ActionItem) =>
		({ id, title, ownerOrganizationName, status, progress, dueDate, updatedAt });
	const role = roleOn(actor, municipality.id)!;
	return {
		municipality,
		role,
		organizations,
		// Contact details stay inside the board; emails are shown only to coordinators.
		members: members.map((mb) => ({ ...mb, email: role === 'coordinator' ? mb.email : null })),
		recentNotes: notes.slice(0, 5).map(({ id, title, updatedAt }) => ({ id, title, updatedAt })),
		nextMeeting: meeting.map(({ id, title, startsAt, place }) => ({ id, title, startsAt, place }))[0] ?? null,
		overdueItems: overdue.map(overview),
		recentItems: recentItems.map(overview),
		canManageMembers: can(actor, 'members.manage', municipality),
		canSeeReferrals: role !== 'observer'
	};
}) satisfies PageServerLoad;
