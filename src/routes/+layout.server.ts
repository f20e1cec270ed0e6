import { allowAnonymous } from '$lib/server/auth/guards';
import type { Locale } from '$lib/paraglide/runtime';
import type { LayoutServerLoad } from './$types';

export const load = (async (event) => {
	allowAnonymous(event);
	const { user, actor } = event.locals;
	return {
		user: user && { displayName: user.displayName, email: user.email },
		isHub: (actor?.hubRoles.length ?? 0) > 0,
		locale: event.locals.locale as Locale
	};
}) satisfies LayoutServerLoad;
