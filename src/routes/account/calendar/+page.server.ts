import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { createFeed, feedCreatedAt, revokeFeed } from '$lib/server/services/meeting-calendar';
import type { Actions, PageServerLoad } from './$types';

/** The person's calendar feed URL: shown once when made, replaced or revoked here. */
export const load = (async (event) => {
	const { user } = requireUser(event);
	return { feedCreatedAt: await feedCreatedAt(await db(), user.id) };
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const { user } = requireUser(event);
		const token = await createFeed(await db(), user.id);
		return { form: 'feed', feedUrl: `${event.url.origin}/calendar/${token}` };
	},
	revoke: async (event) => {
		const { user } = requireUser(event);
		await revokeFeed(await db(), user.id);
		return { form: 'feed', revoked: true };
	}
} satisfies Actions;
