import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listMyBoards } from '$lib/server/repos/memberships';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor } = requireUser(event);
	const boards = await (await db()).asUser(user.id, (sql) => listMyBoards(sql, user.id));
	return { boards, isHub: actor.hubRoles.length > 0, displayName: user.displayName };
}) satisfies PageServerLoad;
