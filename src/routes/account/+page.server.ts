import { requireUser } from '$lib/server/auth/guards';
import { hashPassword, verifyPassword } from '$lib/server/auth/password';
import { invalidateSession, invalidateUserSessions, listSessions } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { changePasswordSchema, profileSchema } from '$lib/forms/schemas';
import { parseForm } from '$lib/forms/parse';
import { formError, invalid } from '$lib/server/forms';
import { findCredentials, setPasswordHash, updateProfile } from '$lib/server/repos/users';
import { cookieMaxAge, cookieName } from '$lib/paraglide/runtime';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, sessionId } = requireUser(event);
	const sessions = await listSessions(await db(), user.id, sessionId);
	return {
		profile: { displayName: user.displayName, email: user.email, locale: user.locale },
		// The stored id is the token's hash: harmless to show, and how "end this one" names it.
		sessions
	};
}) satisfies PageServerLoad;

export const actions = {
	profile: async (event) => {
		const { user } = requireUser(event);
		const parsed = parseForm(profileSchema, await event.request.formData());
		if (!parsed.ok) return invalid('profile', parsed.errors, parsed.values);
		await (await db()).asUser(user.id, (sql) => updateProfile(sql, user.id, parsed.data));
		if (parsed.data.locale) event.cookies.set(cookieName, parsed.data.locale, { path: '/', maxAge: cookieMaxAge, httpOnly: false, sameSite: 'lax' });
		return { form: 'profile', saved: true };
	},
	password: async (event) => {
		const { user, sessionId } = requireUser(event);
		const parsed = parseForm(changePasswordSchema, await event.request.formData());
		if (!parsed.ok) return invalid('password', parsed.errors);
		const database = await db();
		const credentials = await database.system((sql) => findCredentials(sql, user.email));
		if (!credentials || !(await verifyPassword(credentials.passwordHash, parsed.data.current))) {
			return invalid('password', { current: 'wrong_password' });
		}
		const passwordHash = await hashPassword(parsed.data.password);
		await database.system((sql) => setPasswordHash(sql, user.id, passwordHash));
		// A changed password must lock out whoever else knew the old one.
		await invalidateUserSessions(database, user.id, sessionId);
		return { form: 'password', saved: true };
	},
	endSession: async (event) => {
		const { user, sessionId } = requireUser(event);
		const parsed = parseForm(z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'invalid_choice') }), await event.request.formData());
		if (!parsed.ok || parsed.data.id === sessionId) return formError('sessions', 'invalid_choice');
		const mine = (await listSessions(await db(), user.id, sessionId)).some((s) => s.id === parsed.data.id);
		if (!mine) return formError('sessions', 'not_found', 404);
		await invalidateSession(await db(), parsed.data.id);
		return { form: 'sessions', saved: true };
	},
	endOtherSessions: async (event) => {
		const { user, sessionId } = requireUser(event);
		await invalidateUserSessions(await db(), user.id, sessionId);
		return { form: 'sessions', saved: true };
	}
} satisfies Actions;
