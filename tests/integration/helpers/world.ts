import type { Database } from '$lib/server/db/database';
import type { HubRole, MunicipalityRole, Sector } from '$lib/domain/roles';
import { hashPassword } from '$lib/server/auth/password';
import { createSession, validateSessionToken } from '$lib/server/auth/session';

/**
 * A small region for integration tests, built by factories: two municipalities, each with a
 * coordinator, a police member and an observer, plus a hub admin and hub staff.
 */
export const PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export async function makeRegion(db: Database, name = 'Test region'): Promise<string> {
	const [row] = await db.system((sql) => sql.query<{ id: string }>('insert into regions (name) values ($1) returning id', [name]));
	return row.id;
}

export async function makeMunicipality(db: Database, regionId: string, slug: string) {
	const [row] = await db.system((sql) =>
		sql.query<{ id: string }>(
			`insert into municipalities (region_id, slug, name, name_latin, country, time_zone)
			 values ($1, $2, $2, $2, 'MK', 'Europe/Skopje') returning id`,
			[regionId, slug]
		)
	);
	return { id: row.id, regionId, slug };
}

export async function makeOrganization(db: Database, municipalityId: string, name: string, sector: Sector = 'police') {
	const [row] = await db.system((sql) =>
		sql.query<{ id: string }>(
			'insert into organizations (municipality_id, name, sector) values ($1, $2, $3) returning id',
			[municipalityId, name, sector]
		)
	);
	return row.id;
}

export async function makeUser(db: Database, email: string): Promise<string> {
	passwordHash ??= hashPassword(PASSWORD);
	const hash = await passwordHash;
	const [row] = await db.system((sql) =>
		sql.query<{ id: string }>(
			'insert into users (email, display_name, password_hash) values ($1, $1, $2) returning id',
			[email, hash]
		)
	);
	return row.id;
}

export async function addMember(db: Database, municipalityId: string, userId: string, role: MunicipalityRole, organizationId: string | null) {
	await db.system((sql) =>
		sql.query('insert into memberships (municipality_id, user_id, role, organization_id) values ($1, $2, $3, $4)', [
			municipalityId,
			userId,
			role,
			organizationId
		])
	);
}

export async function addHubRole(db: Database, regionId: string, userId: string, role: HubRole) {
	await db.system((sql) => sql.query('insert into hub_roles (region_id, user_id, role) values ($1, $2, $3)', [regionId, userId, role]));
}

/** The actor as the app sees it: through a real session. */
export async function actorOf(db: Database, userId: string) {
	const { token } = await createSession(db, userId);
	const validated = await validateSessionToken(db, token);
	if (!validated) throw new Error('session did not validate');
	return validated.actor;
}

export async function makeWorld(db: Database) {
	const regionId = await makeRegion(db);
	const board = async (slug: string) => {
		const municipality = await makeMunicipality(db, regionId, slug);
		const police = await makeOrganization(db, municipality.id, `Police ${slug}`);
		const osce = await makeOrganization(db, municipality.id, `OSCE ${slug}`, 'international_partner');
		const coordinator = await makeUser(db, `coordinator@${slug}.test`);
		const member = await makeUser(db, `police@${slug}.test`);
		const observer = await makeUser(db, `observer@${slug}.test`);
		await addMember(db, municipality.id, coordinator, 'coordinator', null);
		await addMember(db, municipality.id, member, 'member', police);
		await addMember(db, municipality.id, observer, 'observer', osce);
		return { municipality, organizations: { police, osce }, users: { coordinator, member, observer } };
	};
	const kumanovo = await board('kumanovo');
	const tuzla = await board('tuzla');
	const hubAdmin = await makeUser(db, 'hub@test.test');
	const hubStaff = await makeUser(db, 'staff@test.test');
	await addHubRole(db, regionId, hubAdmin, 'hub_admin');
	await addHubRole(db, regionId, hubStaff, 'hub_staff');
	return { regionId, kumanovo, tuzla, hub: { admin: hubAdmin, staff: hubStaff } };
}
export type World = Awaited<ReturnType<typeof makeWorld>>;
