import { json } from '@sveltejs/kit';
import { allowAnonymous } from '$lib/server/auth/guards';
import { dbIfReady } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** For load balancers: 200 once migrations are applied, 503 before. */
export const GET: RequestHandler = (event) => {
	allowAnonymous(event);
	const db = dbIfReady();
	if (!db) return json({ status: 'starting' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	return json({ status: 'ok', db: db.kind }, { headers: { 'cache-control': 'no-store' } });
};
