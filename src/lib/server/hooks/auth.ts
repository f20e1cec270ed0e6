import type { Handle } from '@sveltejs/kit';
import { db } from '../db';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie, validateSessionToken } from '../auth/session';

/** Resolves the session cookie into locals.user / locals.actor; never decides access. */
export const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.actor = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const validated = await validateSessionToken(await db(), token);
		if (validated) {
			event.locals.user = validated.user;
			event.locals.actor = validated.actor;
			event.locals.session = validated.session;
			if (validated.refreshed) setSessionCookie(event.cookies, token, validated.session);
		} else {
			deleteSessionCookie(event.cookies);
		}
	}
	return resolve(event);
};
