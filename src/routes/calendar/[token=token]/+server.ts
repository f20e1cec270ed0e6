import { error } from '@sveltejs/kit';
import { allowAnonymous } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { isLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { feedCalendar } from '$lib/server/services/meeting-calendar';
import type { RequestHandler } from './$types';

/**
 * A person's calendar feed: every meeting of the boards they are on. Calendar apps fetch it
 * without a cookie; the secret token in the URL decides (an unknown or revoked one is a 404).
 */
export const GET: RequestHandler = async (event) => {
	allowAnonymous(event);
	const name = (locale: string | null) => m.calendar_feed_name({}, isLocale(locale) ? { locale } : {});
	const body = await feedCalendar(await db(), event.params.token, event.url.origin, name);
	if (body === undefined) error(404);
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="roundtable.ics"',
			'cache-control': 'private, no-store'
		}
	});
};
