import { describe, expect, it } from 'vitest';
import { can, canHub, type Actor } from './access';

const K = { id: 'kumanovo', regionId: 'region' };
const T = { id: 'tuzla', regionId: 'region' };
const actor = (roles: Partial<Pick<Actor, 'memberships' | 'hubRoles'>>): Actor => ({ userId: 'u', memberships: [], hubRoles: [], ...roles });
const on = (municipalityId: string, role: Actor['memberships'][number]['role']) => ({ memberships: [{ municipalityId, role, organizationId: null }] });

describe('access rules', () => {
	it('a coordinator runs their own board and no other', () => {
		const coordinator = actor(on('kumanovo', 'coordinator'));
		expect(can(coordinator, 'members.manage', K)).toBe(true);
		expect(can(coordinator, 'invite.member', K)).toBe(true);
		expect(can(coordinator, 'board.view', T)).toBe(false);
		expect(can(coordinator, 'members.manage', T)).toBe(false);
	});

	it('members and observers see the board but do not manage it', () => {
		for (const role of ['member', 'observer'] as const) {
			const a = actor(on('kumanovo', role));
			expect(can(a, 'board.view', K)).toBe(true);
			expect(can(a, 'members.manage', K)).toBe(false);
			expect(can(a, 'invite.observer', K)).toBe(false);
			expect(can(a, 'organizations.manage', K)).toBe(false);
		}
	});

	it('hub staff see the hub but no board; hub admins appoint coordinators but do not run boards', () => {
		const staff = actor({ hubRoles: [{ regionId: 'region', role: 'hub_staff' }] });
		const admin = actor({ hubRoles: [{ regionId: 'region', role: 'hub_admin' }] });
		expect(canHub(staff, 'hub.view', 'region')).toBe(true);
		expect(canHub(staff, 'hub.manage', 'region')).toBe(false);
		expect(can(staff, 'board.view', K)).toBe(false);
		expect(canHub(admin, 'hub.manage', 'region')).toBe(true);
		expect(canHub(admin, 'hub.view', 'elsewhere')).toBe(false);
		expect(can(admin, 'invite.coordinator', K)).toBe(true);
		expect(can(admin, 'invite.member', K)).toBe(false);
		expect(can(admin, 'board.view', K)).toBe(false);
	});
});
