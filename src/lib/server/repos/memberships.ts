import type { MunicipalityRole, Sector } from '$lib/domain/roles';
import type { Sql } from '../db/types';

export interface Member {
	membershipId: string;
	userId: string;
	displayName: string;
	email: string;
	role: MunicipalityRole;
	organizationId: string | null;
	organizationName: string | null;
	sector: Sector | null;
}

export async function listMembers(sql: Sql, municipalityId: string): Promise<Member[]> {
	const rows = await sql.query<{
		id: string;
		user_id: string;
		display_name: string;
		email: string;
		role: MunicipalityRole;
		organization_id: string | null;
		organization_name: string | null;
		sector: Sector | null;
	}>(
		`select m.id, m.user_id, u.display_name, u.email, m.role, m.organization_id,
		        o.name as organization_name, o.sector
		 from memberships m
		 join users u on u.id = m.user_id
		 left join organizations o on o.id = m.organization_id
		 where m.municipality_id = $1
		 order by o.sector nulls first, u.display_name`,
		[municipalityId]
	);
	return rows.map((r) => ({
		membershipId: r.id,
		userId: r.user_id,
		displayName: r.display_name,
		email: r.email,
		role: r.role,
		organizationId: r.organization_id,
		organizationName: r.organization_name,
		sector: r.sector
	}));
}

/** The municipalities a user belongs to, with their role (for the home page). */
export async function listMyBoards(
	sql: Sql,
	userId: string
): Promise<{ slug: string; name: string; nameLatin: string; role: MunicipalityRole; organizationName: string | null }[]> {
	const rows = await sql.query<{
		slug: string;
		name: string;
		name_latin: string;
		role: MunicipalityRole;
		organization_name: string | null;
	}>(
		`select mu.slug, mu.name, mu.name_latin, m.role, o.name as organization_name
		 from memberships m
		 join municipalities mu on mu.id = m.municipality_id
		 left join organizations o on o.id = m.organization_id
		 where m.user_id = $1 order by mu.name_latin`,
		[userId]
	);
	return rows.map((r) => ({
		slug: r.slug,
		name: r.name,
		nameLatin: r.name_latin,
		role: r.role,
		organizationName: r.organization_name
	}));
}

export async function upsertMembership(
	sql: Sql,
	m: { municipalityId: string; userId: string; role: MunicipalityRole; organizationId: string | null }
): Promise<void> {
	await sql.query(
		`insert into memberships (municipality_id, user_id, role, organization_id) values ($1, $2, $3, $4)
		 on conflict (municipality_id, user_id) do update set role = excluded.role, organization_id = excluded.organization_id`,
		[m.municipalityId, m.userId, m.role, m.organizationId]
	);
}

export async function updateMembership(
	sql: Sql,
	municipalityId: string,
	membershipId: string,
	change: { role: MunicipalityRole; organizationId: string | null }
): Promise<string | undefined> {
	const [row] = await sql.query<{ user_id: string }>(
		`update memberships set role = $3, organization_id = $4
		 where id = $2 and municipality_id = $1 returning user_id`,
		[municipalityId, membershipId, change.role, change.organizationId]
	);
	return row?.user_id;
}

export async function deleteMembership(sql: Sql, municipalityId: string, membershipId: string): Promise<string | undefined> {
	const [row] = await sql.query<{ user_id: string }>(
		'delete from memberships where id = $2 and municipality_id = $1 returning user_id',
		[municipalityId, membershipId]
	);
	return row?.user_id;
}

export async function countCoordinators(sql: Sql, municipalityId: string): Promise<number> {
	const [row] = await sql.query<{ n: number }>(
		`select count(*)::int as n from memberships where municipality_id = $1 and role = 'coordinator'`,
		[municipalityId]
	);
	return row.n;
}
