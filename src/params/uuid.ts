import type { ParamMatcher } from '@sveltejs/kit';

/** Note ids are UUIDs; anything else is a 404 before a load runs or a query is built. */
export const match = ((param: string) =>
	/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(param)) satisfies ParamMatcher;
