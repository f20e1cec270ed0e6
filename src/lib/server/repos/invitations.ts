import type { MunicipalityRole } from '$lib/domain/roles';
import type { Sql } from '../db/types';

export const INVITATION_DAYS = 14;

export interface PendingInvitation {
	id: string;
	email: string;
	role: MunicipalityRole;
	organizationName: string | null;
	expiresAt: Date;
}

/** As the inviter (RLS decides which invitations they may create). */
export async function insertInvitation(
	sql: Sql,
	inv: {
		tokenHash: string;
		email: string;
		municipalityId: string;
		organizationId: string | null;
		role: MunicipalityRole;
		invitedBy: string;
	}
): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		`insert into invitations (token_hash, email, municipality_id, organization_id, role, invited_by, expires_at)
		 values ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7)) returning id`,
		[inv.tokenHash, inv.email, inv.municipalityId, inv.organizationId, inv.role, inv.invitedBy, INVITATION_DAYS]
	);
	return row.id;
}

export async function listPendingInvitations(sql: Sql, municipalityId: string): Promise<PendingInvitation[]> {
	const rows = await sql.query<{
		id: string;
		email: string;
		role: MunicipalityRole;
		organization_name: string | null;
		expires_at: Date;
	}>(
		`select i.id, i.email, i.role, o.name as organization_name, i.expires_at
		 from invitations i left join organizations o on o.id = i.organization_id
		 where i.municipality_id = $1 and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
		 order by i.created_at desc`,
		[municipalityId]
	);
	return rows.map((r) => ({
		id: r.id,
		email: r.email,
		role: r.role,
		organizationName: r.organization_name,
		expiresAt: r.expires_at
	}));
}

export async function revokeInvitation(sql: Sql, municipalityId: string, invitationId: string): Promise<boolean> {
	const rows = await sql.query(
		`update invitations set revoked_at = now()
		 where id = $2 and municipality_id = $1 and accepted_at is null and revoked_at is null returning id`,
		[municipalityId, invitationId]
	);
	return rows.length === 1;
}

export interface OpenInvitation {
	id: string;
	email: string;
	role: MunicipalityRole;
	municipalityId: string;
	municipalityName: string;
	organizationId: string | null;
	organizationName: string | null;
	existingUserId: string | null;
}

/** System: the invitee is not signed in yet. Locks the row so it is accepted once. */
export async function findOpenInvitation(sql: Sql, tokenHash: string, forUpdate = false): Promise<OpenInvitation | undefined> {
	const [row] = await sql.query<{
		id: string;
		email: string;
		role: MunicipalityRole;
		municipality_id: string;
		municipality_name: string;
		organization_id: string | null;
		organization_name: string | null;
		existing_user_id: string | null;
	}>(
		`select i.id, i.email, i.role, i.municipality_id, mu.name as municipality_name,
		        i.organization_id, o.name as organization_name, u.id as existing_user_id
		 from invitations i
		 join municipalities mu on mu.id = i.municipality_id
		 left join organizations o on o.id = i.organization_id
		 left join users u on lower(u.email) = lower(i.email)
		 where i.token_hash = $1 and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
		 ${forUpdate ? 'for update of i' : ''}`,
		[tokenHash]
	);
	return (
		row && {
			id: row.id,
			email: row.email,
			role: row.role,
			municipalityId: row.municipality_id,
			municipalityName: row.municipality_name,
			organizationId: row.organization_id,
			organizationName: row.organization_name,
			existingUserId: row.existing_user_id
		}
	);
}

export async function markAccepted(sql: Sql, invitationId: string): Promise<void> {
	await sql.query('update invitations set accepted_at = now() where id = $1', [invitationId]);
}
