import { redirect } from '@sveltejs/kit';
import { allowAnonymous } from '$lib/server/auth/guards';
import { startSession } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { signInSchema } from '$lib/forms/schemas';
import { parseForm } from '$lib/forms/parse';
import { invalid, safeNext } from '$lib/server/forms';
import { signIn } from '$lib/server/services/sign-in';
import { setupDone } from '$lib/server/services/setup';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	allowAnonymous(event);
	if (event.locals.user) redirect(303, safeNext(event.url.searchParams.get('next')));
	if (!(await setupDone(await db()))) redirect(303, '/setup');
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		allowAnonymous(event);
		const parsed = parseForm(signInSchema, await event.request.formData());
		if (!parsed.ok) return invalid('login', parsed.errors, parsed.values);
		const { email, password } = parsed.data;
		const database = await db();
		const result = await signIn(database, email, password, event.getClientAddress());
		if (!result.ok) {
			const minutes = result.reason === 'throttled' ? Math.ceil(result.retryAfterSeconds / 60) : 0;
			const status = result.reason === 'throttled' ? 429 : 400;
			return invalid('login', { form: result.reason }, { email }, { minutes, status });
		}
		await startSession(database, event, result.userId);
		redirect(303, safeNext(event.url.searchParams.get('next')));
	}
} satisfies Actions;
