import type { ItemEditor } from '$lib/domain/action-items';
import type { HubRole, MunicipalityRole } from '$lib/domain/roles';

/**
 * The one place in TypeScript that decides who may do what. Row-level security
 * (supabase/migrations/*_enable_row_level_security.sql) decides the same in SQL;
 * tests/integration/access-agrees-with-rls.test.ts checks that both agree.
 */
export interface Actor {
	userId: string;
	memberships: { municipalityId: string; role: MunicipalityRole; organizationId: string | null }[];
	hubRoles: { regionId: string; role: HubRole }[];
}

export interface MunicipalityRef {
	id: string;
	regionId: string;
}

export type BoardPermission =
	| 'board.view'
	| 'notes.view'
	| 'notes.edit'
	| 'organizations.view'
	| 'organizations.manage'
	| 'members.manage'
	| 'invite.coordinator'
	| 'invite.member'
	| 'invite.observer'
	| 'meetings.view'
	| 'meetings.manage'
	| 'actions.view'
	| 'actions.manage';

export type HubPermission = 'hub.view' | 'hub.manage';

export function roleOn(actor: Actor, municipalityId: string): MunicipalityRole | undefined {
	return actor.memberships.find((m) => m.municipalityId === municipalityId)?.role;
}

export function hubRoleIn(actor: Actor, regionId: string): HubRole | undefined {
	return actor.hubRoles.find((h) => h.regionId === regionId)?.role;
}

export function can(actor: Actor, permission: BoardPermission, municipality: MunicipalityRef): boolean {
	const role = roleOn(actor, municipality.id);
	const hubAdmin = hubRoleIn(actor, municipality.regionId) === 'hub_admin';
	switch (permission) {
		case 'board.view':
		case 'notes.view':
		case 'meetings.view':
		case 'actions.view':
			return role !== undefined;
		case 'notes.edit':
			return role === 'coordinator' || role === 'member';
		case 'organizations.view':
			return role !== undefined || hubAdmin;
		case 'organizations.manage':
			return role === 'coordinator' || hubAdmin;
		case 'members.manage':
		case 'meetings.manage':
		case 'actions.manage':
		case 'invite.member':
		case 'invite.observer':
			return role === 'coordinator';
		case 'invite.coordinator':
			return role === 'coordinator' || hubAdmin;
	}
}

/**
 * Who someone is to an action item: its coordinator (changes everything), one of the owner
 * organization's people (updates status, progress, assignees and attachments), or neither.
 */
export function itemEditor(actor: Actor, municipality: MunicipalityRef, ownerOrganizationId: string): ItemEditor {
	const membership = actor.memberships.find((m) => m.municipalityId === municipality.id);
	if (membership?.role === 'coordinator') return 'coordinator';
	if (membership?.role === 'member' && membership.organizationId === ownerOrganizationId) return 'owner';
	return 'other';
}

export function canHub(actor: Actor, permission: HubPermission, regionId: string): boolean {
	const role = hubRoleIn(actor, regionId);
	return permission === 'hub.view' ? role !== undefined : role === 'hub_admin';
}

/** The invitation permission for a role. */
export const invitePermission = (role: MunicipalityRole): BoardPermission => `invite.${role}`;
