import { todayIn } from '$lib/domain/action-items';
import { planQuery } from '$lib/forms/action-plan';
import { getLocale } from '$lib/paraglide/runtime';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listItems } from '$lib/server/repos/action-items';
import { planFilter } from '../plan-filter';
import { planCsv } from './plan-csv';
import type { RequestHandler } from './$types';

/** The plan (with the list's filters when given, else every item) as a spreadsheet download. */
export const GET = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'actions.view');
	const today = todayIn(municipality.timeZone);
	const filter = planFilter(planQuery(event.url.searchParams, 'all'), actor, municipality.id, today);
	const items = await (await db()).asUser(user.id, (sql) => listItems(sql, municipality.id, filter));
	const body = planCsv(items, { locale: getLocale(), today, timeZone: municipality.timeZone });
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="action-plan-${municipality.slug}-${today}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
}) satisfies RequestHandler;
