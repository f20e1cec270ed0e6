import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '../db';
import { findMunicipalityBySlug, type Municipality } from '../repos/municipalities';
import { can, canHub, type Actor, type BoardPermission, type HubPermission } from './access';
import type { SessionUser } from './session';

/**
 * Every load, action and endpoint calls one of these on its first line
 * (src/routes/guards.test.ts fails the build when one does not).
 */

/** Marks a route that anyone may use (sign-in, setup, health). It decides nothing itself. */
export function allowAnonymous(_event: RequestEvent): void {}

export interface Signed {
	user: SessionUser;
	actor: Actor;
	sessionId: string;
}

export function requireUser(event: RequestEvent): Signed {
	const { user, actor, session } = event.locals;
	if (!user || !actor || !session) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return { user, actor, sessionId: session.id };
}

export async function requireBoard(
	event: RequestEvent,
	permission: BoardPermission
): Promise<Signed & { municipality: Municipality }> {
	const signed = requireUser(event);
	const slug = event.params.slug;
	if (!slug) error(404);
	const municipality = await (await db()).asUser(signed.user.id, (sql) => findMunicipalityBySlug(sql, slug));
	// Row-level security hides boards the user has no part in: not found, never "forbidden",
	// so a slug does not confirm which boards exist.
	if (!municipality || !can(signed.actor, 'organizations.view', municipality)) error(404);
	if (!can(signed.actor, permission, municipality)) error(403);
	return { ...signed, municipality };
}

export function requireHub(event: RequestEvent, permission: HubPermission): Signed & { regionId: string } {
	const signed = requireUser(event);
	const hubRole = signed.actor.hubRoles.find((h) => canHub(signed.actor, permission, h.regionId));
	if (!hubRole) error(403);
	return { ...signed, regionId: hubRole.regionId };
}
