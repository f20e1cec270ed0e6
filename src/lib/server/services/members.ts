import type { MunicipalityRole } from '$lib/domain/roles';
import type { Database } from '../db/database';
import { publish } from '../events';
import { countCoordinators, deleteMembership, updateMembership } from '../repos/memberships';

export type MemberChange = { ok: true } | { ok: false; reason: 'not_found' | 'last_coordinator' };

/**
 * Role changes and removals, as the coordinator (RLS applies). A board never loses its last
 * coordinator: nobody would be left to run it. Access follows at once: every request reads the
 * actor's memberships afresh, and open notes are rechecked on the event published here.
 */
export async function changeMember(
	db: Database,
	actorId: string,
	municipalityId: string,
	membershipId: string,
	change: { role: MunicipalityRole; organizationId: string | null } | 'remove'
): Promise<MemberChange> {
	const result = await db.asUser(actorId, async (sql): Promise<MemberChange & { userId?: string }> => {
		const userId =
			change === 'remove'
				? await deleteMembership(sql, municipalityId, membershipId)
				: await updateMembership(sql, municipalityId, membershipId, change);
		if (!userId) return { ok: false, reason: 'not_found' };
		if ((await countCoordinators(sql, municipalityId)) === 0) {
			// Undo by failing the transaction: the change is rolled back whole.
			throw new LastCoordinatorError();
		}
		return { ok: true, userId };
	}).catch((err): MemberChange => {
		if (err instanceof LastCoordinatorError) return { ok: false, reason: 'last_coordinator' };
		throw err;
	});
	if (!result.ok) return result;
	// Open notes follow at once too: the collaboration server rechecks this person's connections.
	if ('userId' in result && result.userId) publish({ type: 'access', userIds: [result.userId] });
	return { ok: true };
}

class LastCoordinatorError extends Error {}
