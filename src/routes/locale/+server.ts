import { redirect } from '@sveltejs/kit';
import { allowAnonymous } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { safeNext } from '$lib/server/forms';
import { setLocaleSetting } from '$lib/server/repos/users';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

/** The language switcher: a cookie for everyone, and the account setting when signed in. */
export const POST: RequestHandler = async (event) => {
	allowAnonymous(event);
	const form = await event.request.formData();
	const locale = String(form.get('locale') ?? '');
	if (isLocale(locale)) {
		event.cookies.set(cookieName, locale, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax' });
		const user = event.locals.user;
		if (user) await (await db()).asUser(user.id, (sql) => setLocaleSetting(sql, user.id, locale));
	}
	redirect(303, safeNext(String(form.get('returnTo') ?? '/')));
};
