import { allowAnonymous } from '$lib/server/auth/guards';
import type { LayoutServerLoad } from './$types';

export const load = (async (event) => {
	allowAnonymous(event);
	const { user, actor } = event.locals;
	return {
		user: user && { displayName: user.displayName, email: user.email },
		isHub: (actor?.hubRoles.length ?? 0) > 0
	};
}) satisfies LayoutServerLoad;
