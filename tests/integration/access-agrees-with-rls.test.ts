import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import type { Sql } from '$lib/server/db/types';
import { can, canHub, itemEditor, type BoardPermission } from '$lib/server/auth/access';
import { generateToken, hashToken } from '$lib/server/auth/tokens';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { actorOf, makeWorld, type World } from './helpers/world';

/**
 * access.ts (TypeScript) and the RLS policies (SQL) must say the same for every actor and
 * every permission that both decide; this walks them all against the Kumanovo board.
 */
let db: Database;
let world: World;

useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
	await db.system(async (sql) => {
		const k = world.kumanovo;
		await sql.query(`insert into notes (municipality_id, title) values ($1, 'A note')`, [k.municipality.id]);
		await sql.query(
			`insert into meetings (municipality_id, title, starts_at, ends_at, created_by) values ($1, 'A meeting', now(), now() + interval '1 hour', $2)`,
			[k.municipality.id, k.users.coordinator]
		);
		const [item] = await sql.query<{ id: string }>(
			`insert into action_items (municipality_id, title, owner_organization_id, created_by) values ($1, 'A police item', $2, $3) returning id`,
			[k.municipality.id, k.organizations.police, k.users.coordinator]
		);
		policeItemId = item.id;
	});
});
let policeItemId: string;

class Rollback extends Error {}

/** Whether `fn` succeeds as `userId`; nothing it writes is kept. */
async function rlsAllows(userId: string, fn: (sql: Sql) => Promise<boolean>): Promise<boolean> {
	try {
		await db.asUser(userId, async (sql) => {
			throw new Rollback(String(await fn(sql)));
		});
	} catch (err) {
		if (err instanceof Rollback) return err.message === 'true';
		if ((err as { code?: string }).code === '42501') return false;
		throw err;
	}
	throw new Error('unreachable');
}

const probes: Record<BoardPermission, (sql: Sql, userId: string) => Promise<boolean>> = {
	'board.view': async (sql) => (await sql.query('select 1 from memberships where municipality_id = $1 and user_id = app.current_user_id()', [world.kumanovo.municipality.id])).length > 0,
	'notes.view': async (sql) => (await sql.query('select 1 from notes where municipality_id = $1', [world.kumanovo.municipality.id])).length > 0,
	'notes.edit': async (sql, userId) => {
		await sql.query(`insert into notes (municipality_id, title, created_by) values ($1, 'Probe', $2)`, [world.kumanovo.municipality.id, userId]);
		return true;
	},
	'organizations.view': async (sql) => (await sql.query('select 1 from organizations where municipality_id = $1', [world.kumanovo.municipality.id])).length > 0,
	'organizations.manage': async (sql) => {
		await sql.query(`insert into organizations (municipality_id, name, sector) values ($1, 'Probe', 'other')`, [world.kumanovo.municipality.id]);
		return true;
	},
	'members.manage': async (sql) =>
		(await sql.query('update memberships set role = role where municipality_id = $1 and user_id <> app.current_user_id() returning id', [world.kumanovo.municipality.id])).length > 0,
	'invite.coordinator': (sql, userId) => invite(sql, userId, 'coordinator', null),
	'invite.member': (sql, userId) => invite(sql, userId, 'member', world.kumanovo.organizations.police),
	'invite.observer': (sql, userId) => invite(sql, userId, 'observer', null),
	'meetings.view': async (sql) => (await sql.query('select 1 from meetings where municipality_id = $1', [world.kumanovo.municipality.id])).length > 0,
	'meetings.manage': async (sql, userId) => {
		await sql.query(
			`insert into meetings (municipality_id, title, starts_at, ends_at, created_by) values ($1, 'Probe', now(), now() + interval '1 hour', $2)`,
			[world.kumanovo.municipality.id, userId]
		);
		return true;
	},
	'actions.view': async (sql) => (await sql.query('select 1 from action_items where municipality_id = $1', [world.kumanovo.municipality.id])).length > 0,
	'actions.manage': async (sql, userId) => {
		await sql.query(`insert into action_items (municipality_id, title, owner_organization_id, created_by) values ($1, 'Probe', $2, $3)`, [
			world.kumanovo.municipality.id,
			world.kumanovo.organizations.osce,
			userId
		]);
		return true;
	}
};

async function invite(sql: Sql, userId: string, role: string, organizationId: string | null) {
	await sql.query(
		`insert into invitations (token_hash, email, municipality_id, organization_id, role, invited_by, expires_at)
		 values ($1, 'probe@test.test', $2, $3, $4, $5, now() + interval '1 day')`,
		[hashToken(generateToken()), world.kumanovo.municipality.id, organizationId, role, userId]
	);
	return true;
}

const actors = () => ({
	'Kumanovo coordinator': world.kumanovo.users.coordinator,
	'Kumanovo police member': world.kumanovo.users.member,
	'Kumanovo observer': world.kumanovo.users.observer,
	'Tuzla coordinator': world.tuzla.users.coordinator,
	'hub admin': world.hub.admin,
	'hub staff': world.hub.staff
});

describe(`access.ts agrees with row-level security on ${driverName()}`, () => {
	it('for every actor and board permission', async () => {
		const disagreements: string[] = [];
		let grants = 0;
		for (const [name, userId] of Object.entries(actors())) {
			const actor = await actorOf(db, userId);
			for (const [permission, probe] of Object.entries(probes) as [BoardPermission, (typeof probes)[BoardPermission]][]) {
				const ts = can(actor, permission, world.kumanovo.municipality);
				const sql = await rlsAllows(userId, (s) => probe(s, userId));
				if (ts) grants++;
				if (ts !== sql) disagreements.push(`${name} ${permission}: access.ts ${ts}, RLS ${sql}`);
			}
		}
		expect(disagreements).toEqual([]);
		expect(grants).toBeGreaterThan(5); // the walk exercised grants as well as denials
	});

	it('for updating an action item owned by the police (itemEditor)', async () => {
		const disagreements: string[] = [];
		let grants = 0;
		for (const [name, userId] of Object.entries(actors())) {
			const actor = await actorOf(db, userId);
			const ts = itemEditor(actor, world.kumanovo.municipality, world.kumanovo.organizations.police) !== 'other';
			const sql = await rlsAllows(userId, async (s) =>
				(await s.query(`update action_items set status = 'in_progress', progress = 10 where id = $1 returning id`, [policeItemId])).length === 1
			);
			if (ts) grants++;
			if (ts !== sql) disagreements.push(`${name}: itemEditor ${ts}, RLS ${sql}`);
		}
		expect(disagreements).toEqual([]);
		expect(grants).toBe(2); // the coordinator and the police member
	});

	it('for creating municipalities (hub.manage)', async () => {
		const disagreements: string[] = [];
		for (const [name, userId] of Object.entries(actors())) {
			const actor = await actorOf(db, userId);
			const ts = canHub(actor, 'hub.manage', world.regionId);
			const sql = await rlsAllows(userId, async (s) => {
				await s.query(
					`insert into municipalities (region_id, slug, name, name_latin, country, time_zone) values ($1, 'probe', 'P', 'P', 'MK', 'Europe/Skopje')`,
					[world.regionId]
				);
				return true;
			});
			if (ts !== sql) disagreements.push(`${name}: access.ts ${ts}, RLS ${sql}`);
		}
		expect(disagreements).toEqual([]);
	});
});
