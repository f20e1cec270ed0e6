import type { PlanQuery } from '$lib/forms/action-plan';
import type { Actor } from '$lib/server/auth/access';
import type { ItemFilter } from '$lib/server/repos/action-items';

/** The viewer's organization on this board, if they stand for one. */
export const organizationOf = (actor: Actor, municipalityId: string) =>
	actor.memberships.find((mb) => mb.municipalityId === municipalityId)?.organizationId ?? null;

/**
 * The repository filter for the list's query, as this viewer means it ("mine", "my
 * organization"). Someone who stands for no organization sees every item under that filter.
 */
export function planFilter(query: PlanQuery, actor: Actor, municipalityId: string, today: string): ItemFilter {
	const organizationId = organizationOf(actor, municipalityId);
	return {
		assigneeId: query.scope === 'mine' ? actor.userId : undefined,
		ownerOrganizationId: query.scope === 'organization' && organizationId ? organizationId : undefined,
		overdueOn: query.overdue ? today : undefined,
		objectiveId: query.objective === 'none' ? null : (query.objective ?? undefined)
	};
}
