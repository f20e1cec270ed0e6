import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guards';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	requireUser(event);
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { sessionId } = requireUser(event);
		await invalidateSession(await db(), sessionId);
		deleteSessionCookie(event.cookies);
		redirect(303, '/login');
	}
} satisfies Actions;
