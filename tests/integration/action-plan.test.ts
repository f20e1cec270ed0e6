import { beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '$lib/domain/action-items';
import type { Actor } from '$lib/server/auth/access';
import type { Database } from '$lib/server/db/database';
import { subscribe, type AppEvent } from '$lib/server/events';
import { findItem, listItems, listItemUpdates } from '$lib/server/repos/action-items';
import { listObjectives } from '$lib/server/repos/objectives';
import { createItem, editItem, insertItemWithHistory, saveObjective, updateProgress, type ItemDraft } from '$lib/server/services/action-items';
import { planCsv } from '../../src/routes/m/[slug=slug]/actions/export.csv/plan-csv';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { actorOf, addMember, makeOrganization, makeUser, makeWorld, type World } from './helpers/world';

let db: Database;
let world: World;
let schoolOrganization: string;
let schoolMember: string;

useTestDatabase(async (opened) => {
	db = opened;
	world = await makeWorld(db);
	const kumanovo = world.kumanovo.municipality.id;
	schoolOrganization = await makeOrganization(db, kumanovo, 'ОУ Браќа Миладиновци', 'education');
	schoolMember = await makeUser(db, 'school@kumanovo.test');
	await addMember(db, kumanovo, schoolMember, 'member', schoolOrganization);
});

const K = () => world.kumanovo.municipality;
/** The zone makeMunicipality gives every test board. */
const TZ = 'Europe/Skopje';
const code = (err: unknown) => (err as { code?: string }).code;
const actors: Record<string, Actor> = {};
const actor = async (userId: string) => (actors[userId] ??= await actorOf(db, userId));

function draft(overrides: Partial<ItemDraft> = {}): ItemDraft {
	return {
		title: 'Safe routes to school',
		description: '',
		ownerOrganizationId: world.kumanovo.organizations.police,
		objectiveId: null,
		dueDate: null,
		assigneeIds: [],
		...overrides
	};
}

async function newItem(overrides: Partial<ItemDraft> = {}): Promise<string> {
	const result = await createItem(db, await actor(world.kumanovo.users.coordinator), K(), draft(overrides));
	if (!result.ok) throw new Error(`could not create the item: ${result.reason}`);
	return result.id;
}

const stored = (itemId: string) => db.system((sql) => findItem(sql, K().id, itemId));

/** A calendar day `days` from `day`. */
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe(`the action plan on ${driverName()}`, () => {
	it('the coordinator creates an item with its history, and open views hear of it', async () => {
		const events: AppEvent[] = [];
		const unsubscribe = subscribe((e) => events.push(e));
		const id = await newItem({ title: 'Школски патрули', assigneeIds: [world.kumanovo.users.member] });
		unsubscribe();
		const item = await stored(id);
		expect(item).toMatchObject({ title: 'Школски патрули', status: 'not_started', progress: 0, ownerOrganizationName: 'Police kumanovo' });
		expect(item?.assignees.map((a) => a.id)).toEqual([world.kumanovo.users.member]);
		const history = await db.asUser(world.kumanovo.users.observer, (sql) => listItemUpdates(sql, K().id, id));
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({ userName: 'coordinator@kumanovo.test', changes: { created: [null, 'Школски патрули'] }, comment: null });
		expect(events).toContainEqual({ type: 'board', municipalityId: K().id, topic: 'actions' });
	});

	it('a police member updates a police item: the history says who, what and why', async () => {
		const id = await newItem();
		const result = await updateProgress(db, await actor(world.kumanovo.users.member), K(), id, {
			status: 'in_progress',
			progress: 40,
			comment: 'Met the school directors'
		});
		expect(result).toEqual({ ok: true, id });
		expect(await stored(id)).toMatchObject({ status: 'in_progress', progress: 40 });
		const [latest] = await db.system((sql) => listItemUpdates(sql, K().id, id));
		expect(latest).toMatchObject({
			userName: 'police@kumanovo.test',
			changes: { status: ['not_started', 'in_progress'], progress: [0, 40] },
			comment: 'Met the school directors'
		});
	});

	it('marking an item done makes it 100%, and only the coordinator reopens it', async () => {
		const id = await newItem();
		const member = await actor(world.kumanovo.users.member);
		expect(await updateProgress(db, member, K(), id, { status: 'done', progress: 10, comment: '' })).toEqual({ ok: true, id });
		expect(await stored(id)).toMatchObject({ status: 'done', progress: 100 });
		expect(await updateProgress(db, member, K(), id, { status: 'in_progress', progress: 80, comment: 'not quite' })).toEqual({
			ok: false,
			reason: 'reopen_needs_coordinator'
		});
		const coordinator = await actor(world.kumanovo.users.coordinator);
		expect(await updateProgress(db, coordinator, K(), id, { status: 'in_progress', progress: 80, comment: '' })).toEqual({ ok: true, id });
	});

	it('a member of another organization and an observer are refused by the service', async () => {
		const id = await newItem();
		for (const userId of [schoolMember, world.kumanovo.users.observer]) {
			const who = await actor(userId);
			expect(await updateProgress(db, who, K(), id, { status: 'in_progress', progress: 50, comment: '' })).toEqual({ ok: false, reason: 'not_allowed' });
			expect(await editItem(db, who, K(), id, { assigneeIds: [schoolMember] })).toEqual({ ok: false, reason: 'not_allowed' });
		}
		expect(await stored(id)).toMatchObject({ status: 'not_started', progress: 0, assignees: [] });
		expect(await db.system((sql) => listItemUpdates(sql, K().id, id))).toHaveLength(1);
	});

	it('and by row-level security when they forge the SQL', async () => {
		const id = await newItem();
		for (const userId of [schoolMember, world.kumanovo.users.observer, world.tuzla.users.coordinator]) {
			const updated = await db.asUser(userId, (sql) =>
				sql.query(`update action_items set status = 'in_progress', progress = 90 where id = $1 returning id`, [id])
			);
			expect(updated).toHaveLength(0);
			const history = db.asUser(userId, (sql) =>
				sql.query(`insert into action_item_updates (action_item_id, municipality_id, user_id, comment) values ($1, $2, $3, 'forged')`, [id, K().id, userId])
			);
			await expect(history).rejects.toSatisfy((err) => code(err) === '42501');
			const assign = db.asUser(userId, (sql) =>
				sql.query('insert into action_item_assignees (action_item_id, municipality_id, user_id) values ($1, $2, $3)', [id, K().id, userId])
			);
			await expect(assign).rejects.toSatisfy((err) => code(err) === '42501');
			const removed = await db.asUser(userId, (sql) => sql.query('delete from action_items where id = $1 returning id', [id]));
			expect(removed).toHaveLength(0);
		}
		expect(await stored(id)).toMatchObject({ status: 'not_started', progress: 0, assignees: [] });
	});

	it('the trigger refuses a member changing what the item is, while progress goes through', async () => {
		const id = await newItem();
		const member = world.kumanovo.users.member;
		for (const change of [`title = 'Renamed'`, `due_date = '2030-01-01'`, `owner_organization_id = '${schoolOrganization}'`]) {
			const attempt = db.asUser(member, (sql) => sql.query(`update action_items set ${change} where id = $1`, [id]));
			await expect(attempt).rejects.toSatisfy((err) => code(err) === '42501');
		}
		const progressed = await db.asUser(member, (sql) =>
			sql.query(`update action_items set status = 'in_progress', progress = 5 where id = $1 returning id`, [id])
		);
		expect(progressed).toHaveLength(1);
		expect(await stored(id)).toMatchObject({ title: 'Safe routes to school', dueDate: null, status: 'in_progress' });
		// Nobody, the coordinator included, rewrites who created an item (nor its board: no update grant on either).
		const moved = db.asUser(world.kumanovo.users.coordinator, (sql) =>
			sql.query('update action_items set created_by = $2 where id = $1', [id, world.kumanovo.users.member])
		);
		await expect(moved).rejects.toSatisfy((err) => code(err) === '42501');
	});

	it('the service lets the owner organization assign people but not rename the item', async () => {
		const id = await newItem();
		const member = await actor(world.kumanovo.users.member);
		expect(await editItem(db, member, K(), id, { title: 'Renamed' })).toEqual({ ok: false, reason: 'not_allowed' });
		expect(await editItem(db, member, K(), id, { assigneeIds: [world.kumanovo.users.member] })).toEqual({ ok: true, id });
		expect(await editItem(db, member, K(), id, { assigneeIds: [world.kumanovo.users.observer] })).toMatchObject({ ok: false, reason: 'invalid_assignee' });
		const [latest] = await db.system((sql) => listItemUpdates(sql, K().id, id));
		expect(latest.changes).toEqual({ assigneeIds: [[], [world.kumanovo.users.member]] });
	});

	it('refuses an owner organization or objective of another board without breaking the transaction', async () => {
		const coordinator = await actor(world.kumanovo.users.coordinator);
		const results = await db.asUser(coordinator.userId, async (sql) => [
			await insertItemWithHistory(sql, coordinator, K(), draft({ ownerOrganizationId: world.tuzla.organizations.police })),
			// The same transaction goes on: a caller (a meeting's decision) can still commit its own work.
			await insertItemWithHistory(sql, coordinator, K(), draft({ title: 'After a refusal' }))
		]);
		expect(results[0]).toEqual({ ok: false, reason: 'invalid_choice', field: 'ownerOrganizationId' });
		expect(results[1].ok).toBe(true);
		const member = await actor(world.kumanovo.users.member);
		expect(await createItem(db, member, K(), draft())).toEqual({ ok: false, reason: 'not_allowed' });
	});

	describe('filters', () => {
		let ids: Record<'late' | 'lateDone' | 'soon' | 'school' | 'mine' | 'objective', string>;
		let objectiveId: string;
		const today = () => todayIn(TZ);

		beforeAll(async () => {
			const saved = await saveObjective(db, await actor(world.kumanovo.users.coordinator), K(), null, { title: 'Безбедни училишта', description: '' });
			if (!saved.ok) throw new Error('objective not saved');
			objectiveId = saved.id;
			ids = {
				late: await newItem({ title: 'F late', dueDate: shift(today(), -1) }),
				lateDone: await newItem({ title: 'F late but done', dueDate: shift(today(), -3) }),
				soon: await newItem({ title: 'F due today', dueDate: today() }),
				school: await newItem({ title: 'F school', ownerOrganizationId: schoolOrganization, dueDate: shift(today(), -10) }),
				mine: await newItem({ title: 'F assigned', assigneeIds: [world.kumanovo.users.member] }),
				objective: await newItem({ title: 'F objective', objectiveId })
			};
			const coordinator = await actor(world.kumanovo.users.coordinator);
			await updateProgress(db, coordinator, K(), ids.lateDone, { status: 'done', progress: 100, comment: '' });
		});

		const titles = async (userId: string, filter: Parameters<typeof listItems>[2]) =>
			(await db.asUser(userId, (sql) => listItems(sql, K().id, filter))).map((i) => i.title).filter((t) => t.startsWith('F '));

		it('overdue: open items due before the municipality’s today', async () => {
			expect(await titles(world.kumanovo.users.observer, { overdueOn: today() })).toEqual(['F school', 'F late']);
		});

		it('my organization, mine, objective, and no objective', async () => {
			const police = world.kumanovo.organizations.police;
			const policeTitles = await titles(world.kumanovo.users.member, { ownerOrganizationId: police });
			expect(policeTitles).not.toContain('F school');
			expect(policeTitles).toContain('F late');
			expect(await titles(world.kumanovo.users.member, { ownerOrganizationId: schoolOrganization, overdueOn: today() })).toEqual(['F school']);
			expect(await titles(world.kumanovo.users.member, { assigneeId: world.kumanovo.users.member })).toEqual(['F assigned']);
			expect(await titles(world.kumanovo.users.member, { objectiveId })).toEqual(['F objective']);
			expect(await titles(world.kumanovo.users.member, { objectiveId: null })).not.toContain('F objective');
		});

		it('another board sees none of them', async () => {
			expect(await titles(world.tuzla.users.coordinator, {})).toEqual([]);
		});

		it('removing an objective keeps its items, under no objective', async () => {
			const objectives = await db.asUser(world.kumanovo.users.member, (sql) => listObjectives(sql, K().id));
			expect(objectives.find((o) => o.id === objectiveId)).toMatchObject({ itemCount: 1, doneCount: 0 });
			const member = await actor(world.kumanovo.users.member);
			expect(await saveObjective(db, member, K(), objectiveId, null)).toEqual({ ok: false, reason: 'not_allowed' });
			const coordinator = await actor(world.kumanovo.users.coordinator);
			expect(await saveObjective(db, coordinator, K(), objectiveId, null)).toEqual({ ok: true, id: objectiveId });
			expect(await stored(ids.objective)).toMatchObject({ objectiveId: null, title: 'F objective' });
		});
	});

	describe('CSV export', () => {
		it('has a byte-order mark, Macedonian headers and statuses, Cyrillic intact, and ; for comma-decimal locales', async () => {
			const id = await newItem({ title: 'Работилница за родители, "Безбедно дете"', dueDate: '2026-04-01' });
			await updateProgress(db, await actor(world.kumanovo.users.member), K(), id, { status: 'in_progress', progress: 25, comment: '' });
			const item = (await stored(id))!;
			const csv = planCsv([item], { locale: 'mk', today: '2026-04-02', timeZone: TZ });
			expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const [header, row] = csv.slice(1).split('\r\n');
			expect(header.split(';')).toEqual(['Наслов', 'Цел', 'Одговорна организација', 'Задолжени лица', 'Рок', 'Статус', 'Напредок (%)', 'Задоцнето', 'Последна измена', 'Опис']);
			expect(row.startsWith('"Работилница за родители, ""Безбедно дете"""')).toBe(true);
			expect(row.split(';').slice(-8, -2)).toEqual(['Police kumanovo', '', '2026-04-01', 'Во тек', '25', 'Да']);
			expect(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(csv, 'utf8'))).toContain('Безбедно дете');
		});

		it('uses English headers and commas for an English reader', async () => {
			const id = await newItem({ title: '=HYPERLINK("x")' });
			const csv = planCsv([(await stored(id))!], { locale: 'en', today: '2026-04-02', timeZone: TZ });
			const [header, row] = csv.slice(1).split('\r\n');
			expect(header.startsWith('Title,Objective,Owner organization,Assignees,Due date,Status,Progress (%)')).toBe(true);
			expect(row.startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
			expect(row).toContain(',Not started,0,');
		});
	});
});
