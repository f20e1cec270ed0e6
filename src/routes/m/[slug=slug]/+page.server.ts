import { requireBoard } from '$lib/server/auth/guards';
import { can, roleOn } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { listMembers } from '$lib/server/repos/memberships';
import { listNotes } from '$lib/server/repos/notes';
import { listOrganizations } from '$lib/server/repos/organizations';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'board.view');
	const [organizations, members, notes] = await (await db()).asUser(user.id, async (sql) => [
		await listOrganizations(sql, municipality.id),
		await listMembers(sql, municipality.id),
		await listNotes(sql, municipality.id, { limit: 5 })
	] as const);
	const role = roleOn(actor, municipality.id)!;
	return {
		municipality,
		role,
		organizations,
		// Contact details stay inside the board; emails are shown only to coordinators.
		members: members.map((mb) => ({ ...mb, email: role === 'coordinator' ? mb.email : null })),
		recentNotes: notes.slice(0, 5).map(({ id, title, updatedAt }) => ({ id, title, updatedAt })),
		canManageMembers: can(actor, 'members.manage', municipality),
		canSeeReferrals: role !== 'observer'
	};
}) satisfies PageServerLoad;
