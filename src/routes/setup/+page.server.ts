import { redirect } from '@sveltejs/kit';
import { allowAnonymous } from '$lib/server/auth/guards';
import { startSession } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { setupSchema } from '$lib/forms/schemas';
import { parseForm } from '$lib/forms/parse';
import { invalid } from '$lib/server/forms';
import { runSetup, setupDone } from '$lib/server/services/setup';
import type { Actions, PageServerLoad } from './$types';

/** First run only: once a hub admin exists this page is gone for good. */
export const load = (async (event) => {
	allowAnonymous(event);
	if (await setupDone(await db())) redirect(303, '/login');
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		allowAnonymous(event);
		const parsed = parseForm(setupSchema, await event.request.formData());
		if (!parsed.ok) return invalid('setup', parsed.errors, parsed.values);
		const database = await db();
		const userId = await runSetup(database, { ...parsed.data, locale: event.locals.locale });
		if (!userId) redirect(303, '/login');
		await startSession(database, event, userId);
		redirect(303, '/hub');
	}
} satisfies Actions;
