import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeWorld, type World } from './helpers/world';

let db: Database;
let world: World;

useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
});

const code = (err: unknown) => (err as { code?: string }).code;

describe(`row-level security on ${driverName()}`, () => {
	it('a query that forgets its municipality filter returns no rows of another municipality', async () => {
		const member = world.kumanovo.users.member;
		const orgs = await db.asUser(member, (sql) => sql.query<{ municipality_id: string }>('select municipality_id from organizations'));
		expect(orgs.length).toBeGreaterThan(0);
		expect(orgs.every((o) => o.municipality_id === world.kumanovo.municipality.id)).toBe(true);
		const memberships = await db.asUser(member, (sql) => sql.query<{ municipality_id: string }>('select municipality_id from memberships'));
		expect(memberships.map((m) => m.municipality_id)).not.toContain(world.tuzla.municipality.id);
		const municipalities = await db.asUser(member, (sql) => sql.query<{ slug: string }>('select slug from municipalities'));
		expect(municipalities.map((m) => m.slug)).toEqual(['kumanovo']);
		const users = await db.asUser(member, (sql) => sql.query<{ email: string }>('select email from users'));
		expect(users.map((u) => u.email)).not.toContain('police@tuzla.test');
	});

	it('an insert into another municipality is refused', async () => {
		const coordinator = world.kumanovo.users.coordinator;
		const attempt = db.asUser(coordinator, (sql) =>
			sql.query(`insert into organizations (municipality_id, name, sector) values ($1, 'Forged', 'police')`, [
				world.tuzla.municipality.id
			])
		);
		await expect(attempt).rejects.toSatisfy((err) => code(err) === '42501');
		const forged = await db.system((sql) => sql.query(`select 1 from organizations where name = 'Forged'`));
		expect(forged).toHaveLength(0);
	});

	it('an update or delete across municipalities touches nothing', async () => {
		const coordinator = world.kumanovo.users.coordinator;
		const updated = await db.asUser(coordinator, (sql) =>
			sql.query(`update memberships set role = 'observer' where municipality_id = $1 returning id`, [world.tuzla.municipality.id])
		);
		expect(updated).toHaveLength(0);
		const deleted = await db.asUser(coordinator, (sql) =>
			sql.query('delete from organizations where municipality_id = $1 returning id', [world.tuzla.municipality.id])
		);
		expect(deleted).toHaveLength(0);
	});

	it('the app role cannot read sessions, password hashes or throttling state', async () => {
		const member = world.kumanovo.users.member;
		for (const query of ['select * from sessions', 'select password_hash from users', 'select * from login_throttle']) {
			await expect(db.asUser(member, (sql) => sql.query(query))).rejects.toSatisfy((err) => code(err) === '42501');
		}
	});

	it('a user cannot make themselves a coordinator', async () => {
		const member = world.kumanovo.users.member;
		const changed = await db.asUser(member, (sql) =>
			sql.query(`update memberships set role = 'coordinator' where user_id = $1 returning id`, [member])
		);
		expect(changed).toHaveLength(0);
		const attempt = db.asUser(member, (sql) =>
			sql.query(`insert into hub_roles (region_id, user_id, role) values ($1, $2, 'hub_admin')`, [world.regionId, member])
		);
		await expect(attempt).rejects.toSatisfy((err) => code(err) === '42501');
	});

	it('without a user set, the app role sees nothing', async () => {
		const rows = await db.system(async (sql) => {
			await sql.query('set local role roundtable_app');
			return sql.query('select id from municipalities');
		});
		expect(rows).toHaveLength(0);
	});
});
