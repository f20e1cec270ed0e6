import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { acceptAsExistingUser, acceptAsNewUser, createInvitation, findInvitation } from '$lib/server/services/invitations';
import { changeMember } from '$lib/server/services/members';
import { runSetup } from '$lib/server/services/setup';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { makeUser, makeWorld, type World } from './helpers/world';

let db: Database;
let world: World;

useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
});

const profile = { displayName: 'New Member', password: 'a long enough password', locale: null };
const rls = (err: unknown) => (err as { code?: string }).code === '42501';

describe(`invitations and membership on ${driverName()}`, () => {
	it('a coordinator invites a member who accepts once, and joins with the chosen organization', async () => {
		const { municipality, organizations, users } = world.kumanovo;
		const token = await createInvitation(db, users.coordinator, {
			email: 'newcomer@test.test', municipalityId: municipality.id, organizationId: organizations.police, role: 'member'
		});
		expect((await findInvitation(db, token))?.email).toBe('newcomer@test.test');
		const accepted = await acceptAsNewUser(db, token, profile);
		expect(accepted.ok).toBe(true);
		const [membership] = await db.system((sql) =>
			sql.query<{ role: string; organization_id: string }>(
				`select m.role, m.organization_id from memberships m join users u on u.id = m.user_id where u.email = 'newcomer@test.test'`
			)
		);
		expect(membership).toEqual({ role: 'member', organization_id: organizations.police });
		expect(await acceptAsNewUser(db, token, profile)).toEqual({ ok: false, reason: 'invitation_invalid' });
	});

	it('members and observers cannot invite; hub admins invite coordinators only', async () => {
		const { municipality, organizations, users } = world.kumanovo;
		const inv = (inviter: string, role: 'member' | 'coordinator') =>
			createInvitation(db, inviter, { email: 'x@test.test', municipalityId: municipality.id, organizationId: role === 'member' ? organizations.police : null, role });
		await expect(inv(users.member, 'member')).rejects.toSatisfy(rls);
		await expect(inv(users.observer, 'member')).rejects.toSatisfy(rls);
		await expect(inv(world.tuzla.users.coordinator, 'member')).rejects.toSatisfy(rls);
		await expect(inv(world.hub.admin, 'member')).rejects.toSatisfy(rls);
		await expect(inv(world.hub.admin, 'coordinator')).resolves.toMatch(/^[a-z2-7]{32}$/);
	});

	it('an existing account joins only as the invited person', async () => {
		const { municipality, users } = world.tuzla;
		const existing = await makeUser(db, 'existing@test.test');
		const token = await createInvitation(db, users.coordinator, {
			email: 'Existing@Test.test', municipalityId: municipality.id, organizationId: null, role: 'observer'
		});
		expect(await acceptAsNewUser(db, token, profile)).toEqual({ ok: false, reason: 'taken' });
		expect(await acceptAsExistingUser(db, token, users.member)).toEqual({ ok: false, reason: 'invitation_invalid' });
		expect(await acceptAsExistingUser(db, token, existing)).toEqual({ ok: true, userId: existing });
	});

	it('an expired or revoked invitation is refused', async () => {
		const { municipality, users } = world.kumanovo;
		const token = await createInvitation(db, users.coordinator, { email: 'late@test.test', municipalityId: municipality.id, organizationId: null, role: 'observer' });
		await db.system((sql) => sql.query(`update invitations set expires_at = now() - interval '1 second' where email = 'late@test.test'`));
		expect(await findInvitation(db, token)).toBeUndefined();
		expect(await acceptAsNewUser(db, token, profile)).toEqual({ ok: false, reason: 'invitation_invalid' });
	});

	it('a board never loses its last coordinator', async () => {
		const { municipality, users } = world.kumanovo;
		const [own] = await db.system((sql) =>
			sql.query<{ id: string }>('select id from memberships where user_id = $1 and municipality_id = $2', [users.coordinator, municipality.id])
		);
		expect(await changeMember(db, users.coordinator, municipality.id, own.id, 'remove')).toEqual({ ok: false, reason: 'last_coordinator' });
		expect(await changeMember(db, users.coordinator, municipality.id, own.id, { role: 'member', organizationId: world.kumanovo.organizations.police }))
			.toEqual({ ok: false, reason: 'last_coordinator' });
		const still = await db.system((sql) => sql.query('select 1 from memberships where id = $1 and role = $2', [own.id, 'coordinator']));
		expect(still).toHaveLength(1);
	});

	it('first-run setup happens once, even when two race', async () => {
		const input = { displayName: 'Admin', email: 'admin@test.test', password: 'a long enough password', regionName: 'Hub', locale: null };
		const results = await Promise.all([runSetup(db, input), runSetup(db, { ...input, email: 'admin2@test.test' })]);
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(await runSetup(db, { ...input, email: 'admin3@test.test' })).toBeUndefined();
	});
});
