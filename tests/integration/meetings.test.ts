import ICAL from 'ical.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '$lib/server/auth/access';
import type { Database } from '$lib/server/db/database';
import type { Sql } from '$lib/server/db/types';
import { subscribe, type AppEvent } from '$lib/server/events';
import { agendaSlots } from '$lib/domain/meetings';
import { parseSchedule } from '$lib/forms/meetings';
import { findItem, listItemUpdates } from '$lib/server/repos/action-items';
import { listAgenda, listAttendance, listDecisions } from '$lib/server/repos/meeting-record';
import { findMeeting, listInvitees } from '$lib/server/repos/meetings';
import { createFeed, feedCalendar, meetingToICalendar, revokeFeed } from '$lib/server/services/meeting-calendar';
import { loadMeetingRecord, raiseAction, recordAttendance, recordDecision, removeDecision } from '$lib/server/services/meeting-record';
import {
	addAgendaItem,
	approveMinutes,
	cancelMeeting,
	editSchedule,
	moveAgendaItem,
	removeAgendaItem,
	scheduleMeeting,
	startMinutes
} from '$lib/server/services/meetings';
import { GET as meetingIcs } from '../../src/routes/m/[slug=slug]/meetings/[id=uuid]/calendar.ics/+server';
import { GET as feed } from '../../src/routes/calendar/[token=token]/+server';
import { load as meetingPage } from '../../src/routes/m/[slug=slug]/meetings/[id=uuid]/+page.server';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';
import { actorOf, addMember, makeUser, makeWorld, type World } from './helpers/world';

// The route handlers reach the database through $lib/server/db: point it at this file's database.
const state = vi.hoisted(() => ({ db: undefined as unknown }));
vi.mock('$lib/server/db', () => ({ db: async () => state.db }));

let db: Database;
let world: World;
const actors: Record<string, Actor> = {};
const events: AppEvent[] = [];
subscribe((e) => events.push(e));

useTestDatabase(async (opened) => {
	db = opened;
	state.db = opened;
	world = await makeWorld(db);
	await db.system((sql) => sql.query(`update municipalities set time_zone = 'Europe/Sarajevo' where id = $1`, [world.tuzla.municipality.id]));
});

beforeAll(async () => {
	for (const board of ['kumanovo', 'tuzla'] as const) {
		for (const [role, userId] of Object.entries(world[board].users)) actors[`${board}.${role}`] = await actorOf(db, userId);
	}
});

afterEach(() => ICAL.TimezoneService.reset());

const code = (err: unknown) => (err as { code?: string }).code;
const kumanovo = () => world.kumanovo.municipality;
const coordinator = () => actors['kumanovo.coordinator'];
const HOUR = 3_600_000;

/** A meeting of the Kumanovo board, `offsetHours` from now, two hours long. */
async function meetingAt(offsetHours: number, title = 'Council meeting') {
	const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + offsetHours * HOUR);
	const result = await scheduleMeeting(db, coordinator(), kumanovo(), {
		title,
		startsAt,
		endsAt: new Date(startsAt.getTime() + 2 * HOUR),
		place: 'City hall',
		onlineUrl: null,
		inviteeIds: [world.kumanovo.organizations.police, world.kumanovo.organizations.osce]
	});
	if (!result.ok) throw new Error(result.reason);
	return result.id;
}

const asUser = <T>(userId: string, fn: (sql: Sql) => Promise<T>) => db.asUser(userId, fn);

function form(fields: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v);
	return data;
}

describe(`meetings on ${driverName()}`, () => {
	it('schedules a meeting from the form, in the municipality’s clock across daylight saving time', async () => {
		const winter = parseSchedule(form({ title: 'Winter council', date: '2026-01-15', startTime: '10:00', endTime: '12:00', place: 'City hall', onlineUrl: '', invitee: [world.kumanovo.organizations.police] }), 'Europe/Skopje');
		const summer = parseSchedule(form({ title: 'Summer council', date: '2026-07-15', startTime: '10:00', endTime: '11:30', place: '', onlineUrl: 'https://meet.example.org/cat' }), 'Europe/Skopje');
		if (!winter.ok || !summer.ok) throw new Error('the forms should parse');
		expect(winter.data.startsAt.toISOString()).toBe('2026-01-15T09:00:00.000Z');
		expect(summer.data.startsAt.toISOString()).toBe('2026-07-15T08:00:00.000Z');
		expect(summer.data.endsAt.toISOString()).toBe('2026-07-15T09:30:00.000Z');

		const result = await scheduleMeeting(db, coordinator(), kumanovo(), winter.data);
		expect(result.ok).toBe(true);
		const id = result.ok ? result.id : '';
		const [meeting, invitees] = await asUser(world.kumanovo.users.observer, async (sql) => [
			await findMeeting(sql, kumanovo().id, id),
			await listInvitees(sql, kumanovo().id, id)
		] as const);
		expect(meeting?.startsAt.toISOString()).toBe('2026-01-15T09:00:00.000Z');
		expect(meeting?.place).toBe('City hall');
		expect(invitees.map((i) => i.organizationId)).toEqual([world.kumanovo.organizations.police]);
		expect(events).toContainEqual({ type: 'board', municipalityId: kumanovo().id, topic: 'meetings' });

		const edited = await editSchedule(db, coordinator(), kumanovo(), id, { ...summer.data, inviteeIds: [world.kumanovo.organizations.osce] });
		expect(edited.ok).toBe(true);
		const after = await asUser(world.kumanovo.users.coordinator, (sql) => findMeeting(sql, kumanovo().id, id));
		expect([after?.title, after?.onlineUrl, after?.sequence]).toEqual(['Summer council', 'https://meet.example.org/cat', 1]);
	});

	it('refuses a schedule that ends before it starts, a bad link or an invitee from another board', async () => {
		const bad = parseSchedule(form({ title: 'x', date: '2026-02-30', startTime: '10:00', endTime: '09:00', onlineUrl: 'javascript:alert(1)' }), 'Europe/Skopje');
		expect(bad.ok ? {} : bad.errors).toEqual({ date: 'date', onlineUrl: 'url' });
		const backwards = parseSchedule(form({ title: 'x', date: '2026-02-10', startTime: '10:00', endTime: '09:00', invitee: ['not-a-uuid'] }), 'Europe/Skopje');
		expect(backwards.ok ? {} : backwards.errors).toEqual({ endTime: 'end_before_start', invitee: 'invalid_choice' });
		if (!backwards.ok) expect(backwards.values.title).toBe('x');
		const foreign = await scheduleMeeting(db, coordinator(), kumanovo(), {
			title: 'Forged',
			startsAt: new Date(),
			endsAt: new Date(Date.now() + HOUR),
			place: null,
			onlineUrl: null,
			inviteeIds: [world.tuzla.organizations.police]
		});
		expect(foreign).toEqual({ ok: false, reason: 'invalid_choice' });
	});

	it('keeps the agenda in order with time slots that follow from the start', async () => {
		const id = await meetingAt(24);
		const add = (title: string, durationMinutes: number) =>
			addAgendaItem(db, coordinator(), kumanovo(), id, { title, ownerOrganizationId: world.kumanovo.organizations.police, durationMinutes });
		const a = await add('Welcome', 10);
		const b = await add('School safety', 45);
		const c = await add('Next steps', 15);
		for (const r of [a, b, c]) expect(r.ok).toBe(true);
		const titles = async () => (await asUser(world.kumanovo.users.member, (sql) => listAgenda(sql, kumanovo().id, id))).map((i) => i.title);
		expect(await titles()).toEqual(['Welcome', 'School safety', 'Next steps']);

		await moveAgendaItem(db, coordinator(), kumanovo(), id, c.ok ? c.id : '', 'up');
		expect(await titles()).toEqual(['Welcome', 'Next steps', 'School safety']);
		await removeAgendaItem(db, coordinator(), kumanovo(), id, a.ok ? a.id : '');
		expect(await titles()).toEqual(['Next steps', 'School safety']);

		const record = await loadMeetingRecord(db, world.kumanovo.users.observer, kumanovo().id, id);
		const slots = agendaSlots(record!.meeting.startsAt, record!.agenda);
		expect((slots[1].start.getTime() - record!.meeting.startsAt.getTime()) / 60_000).toBe(15);

		// Concurrent additions queue on the meeting's lock: each gets its own place.
		const other = await meetingAt(25);
		await Promise.all(['One', 'Two', 'Three'].map((title) => addAgendaItem(db, coordinator(), kumanovo(), other, { title, ownerOrganizationId: null, durationMinutes: 5 })));
		const positions = (await asUser(world.kumanovo.users.coordinator, (sql) => listAgenda(sql, kumanovo().id, other))).map((i) => i.position);
		expect(positions).toEqual([0, 1, 2]);

		const foreignOwner = await addAgendaItem(db, coordinator(), kumanovo(), id, { title: 'x', ownerOrganizationId: world.tuzla.organizations.police, durationMinutes: 5 });
		expect(foreignOwner).toEqual({ ok: false, reason: 'invalid_choice' });
	});

	it('records attendance per organization and per person', async () => {
		const id = await meetingAt(-1);
		const { police, osce } = world.kumanovo.organizations;
		const result = await recordAttendance(db, coordinator(), kumanovo(), id, {
			organizations: [
				{ organizationId: police, status: 'absent' },
				{ organizationId: osce, status: 'excused' }
			],
			people: [
				{ userId: world.kumanovo.users.member, status: 'present' },
				{ userId: world.kumanovo.users.coordinator, status: 'present' }
			]
		});
		expect(result.ok).toBe(true);
		const rows = await asUser(world.kumanovo.users.observer, (sql) => listAttendance(sql, kumanovo().id, id));
		const byOrg = Object.fromEntries(rows.filter((r) => !r.userId).map((r) => [r.organizationId, r.status]));
		// The police officer came, so the police were there, whatever was ticked for them.
		expect(byOrg).toEqual({ [police]: 'present', [osce]: 'excused' });
		const people = rows.filter((r) => r.userId);
		expect(people.map((p) => [p.userId, p.organizationId, p.status]).sort()).toEqual(
			[
				[world.kumanovo.users.member, police, 'present'],
				[world.kumanovo.users.coordinator, null, 'present']
			].sort()
		);

		// Changing one's mind replaces the record; '' (not recorded) removes it.
		await recordAttendance(db, coordinator(), kumanovo(), id, { organizations: [{ organizationId: osce, status: null }], people: [{ userId: world.kumanovo.users.member, status: 'excused' }] });
		const again = await asUser(world.kumanovo.users.coordinator, (sql) => listAttendance(sql, kumanovo().id, id));
		expect(again.find((r) => r.organizationId === osce && !r.userId)).toBeUndefined();
		expect(again.find((r) => r.userId === world.kumanovo.users.member)?.status).toBe('excused');

		const stranger = await recordAttendance(db, coordinator(), kumanovo(), id, { organizations: [], people: [{ userId: world.tuzla.users.member, status: 'present' }] });
		expect(stranger).toEqual({ ok: false, reason: 'invalid_choice' });
		const foreignOrg = await recordAttendance(db, coordinator(), kumanovo(), id, { organizations: [{ organizationId: world.tuzla.organizations.police, status: 'present' }], people: [] });
		expect(foreignOrg).toEqual({ ok: false, reason: 'invalid_choice' });
	});

	it('creates a police-owned action item from a decision in one step, with its history', async () => {
		const id = await meetingAt(-1);
		const item = await addAgendaItem(db, coordinator(), kumanovo(), id, { title: 'School safety', ownerOrganizationId: null, durationMinutes: 30 });
		events.length = 0;
		const decided = await recordDecision(db, coordinator(), kumanovo(), id, {
			text: 'The police visit both secondary schools before the term starts.',
			agendaItemId: item.ok ? item.id : null,
			action: { title: 'Visit the secondary schools', ownerOrganizationId: world.kumanovo.organizations.police, dueDate: '2026-09-01' }
		});
		expect(decided.ok).toBe(true);
		const decisionId = decided.ok ? decided.id : '';
		const record = await loadMeetingRecord(db, world.kumanovo.users.member, kumanovo().id, id);
		const decision = record!.decisions.find((d) => d.id === decisionId)!;
		expect(decision.agendaItemId).toBe(item.ok ? item.id : null);
		expect(decision.items).toHaveLength(1);
		const actionItem = await asUser(world.kumanovo.users.member, (sql) => findItem(sql, kumanovo().id, decision.items[0].id));
		expect(actionItem).toMatchObject({ decisionId, meetingId: id, ownerOrganizationId: world.kumanovo.organizations.police, dueDate: '2026-09-01', status: 'not_started' });
		const history = await asUser(world.kumanovo.users.member, (sql) => listItemUpdates(sql, kumanovo().id, actionItem!.id));
		expect(history).toHaveLength(1);
		expect(history[0].changes).toEqual({ created: [null, 'Visit the secondary schools'] });
		expect(events).toContainEqual({ type: 'board', municipalityId: kumanovo().id, topic: 'actions' });
		expect(events).toContainEqual({ type: 'board', municipalityId: kumanovo().id, topic: 'meetings' });

		// A second item from the same decision; a decision whose item cannot be made is not kept.
		expect((await raiseAction(db, coordinator(), kumanovo(), id, decisionId, { title: 'Report back', ownerOrganizationId: world.kumanovo.organizations.osce, dueDate: null })).ok).toBe(true);
		const refused = await recordDecision(db, coordinator(), kumanovo(), id, {
			text: 'Owned by another board',
			agendaItemId: null,
			action: { title: 'x', ownerOrganizationId: world.tuzla.organizations.police, dueDate: null }
		});
		expect(refused).toEqual({ ok: false, reason: 'invalid_choice', field: 'actionOwnerId' });
		const texts = (await asUser(world.kumanovo.users.coordinator, (sql) => listDecisions(sql, kumanovo().id, id))).map((d) => d.text);
		expect(texts).not.toContain('Owned by another board');
		// A decision that raised items stays (the items point to it).
		expect(await removeDecision(db, coordinator(), kumanovo(), id, decisionId)).toEqual({ ok: false, reason: 'not_allowed' });
	});

	it('approves the minutes once; the approved record is read-only', async () => {
		const future = await meetingAt(48);
		expect((await startMinutes(db, coordinator(), kumanovo(), future, 'Minutes')).ok).toBe(true);
		expect(await approveMinutes(db, coordinator(), kumanovo(), future)).toEqual({ ok: false, reason: 'not_allowed' });

		const id = await meetingAt(-3);
		expect(await approveMinutes(db, coordinator(), kumanovo(), id)).toEqual({ ok: false, reason: 'not_allowed' });
		const first = await startMinutes(db, coordinator(), kumanovo(), id, 'Minutes: council');
		const second = await startMinutes(db, coordinator(), kumanovo(), id, 'Minutes: council');
		expect(first.ok && second.ok && first.id === second.id).toBe(true);
		const noteId = first.ok ? first.id : '';
		const [note] = await db.system((sql) => sql.query<{ kind: string; title: string }>('select kind, title from notes where id = $1', [noteId]));
		expect(note).toEqual({ kind: 'minutes', title: 'Minutes: council' });
		await recordDecision(db, coordinator(), kumanovo(), id, { text: 'Agreed before approval', agendaItemId: null, action: null });

		events.length = 0;
		const before = Date.now();
		expect(await approveMinutes(db, coordinator(), kumanovo(), id)).toEqual({ ok: true, id: noteId });
		expect(events).toContainEqual({ type: 'access', noteIds: [noteId] });
		const approved = await asUser(world.kumanovo.users.observer, (sql) => findMeeting(sql, kumanovo().id, id));
		expect(approved?.minutesApprovedByName).toBe('coordinator@kumanovo.test');
		expect(approved!.minutesApprovedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
		const [by] = await db.system((sql) => sql.query<{ minutes_approved_by: string }>('select minutes_approved_by from meetings where id = $1', [id]));
		expect(by.minutes_approved_by).toBe(world.kumanovo.users.coordinator);

		const readOnly = { ok: false, reason: 'read_only' };
		expect(await approveMinutes(db, coordinator(), kumanovo(), id)).toEqual(readOnly);
		expect(await recordDecision(db, coordinator(), kumanovo(), id, { text: 'Afterthought', agendaItemId: null, action: null })).toEqual(readOnly);
		expect(await recordAttendance(db, coordinator(), kumanovo(), id, { organizations: [{ organizationId: world.kumanovo.organizations.police, status: 'present' }], people: [] })).toEqual(readOnly);
		expect(await addAgendaItem(db, coordinator(), kumanovo(), id, { title: 'Late item', ownerOrganizationId: null, durationMinutes: 5 })).toEqual(readOnly);
		expect(await cancelMeeting(db, coordinator(), kumanovo(), id, true)).toEqual(readOnly);
		const decisionId = (await asUser(world.kumanovo.users.coordinator, (sql) => listDecisions(sql, kumanovo().id, id)))[0].id;
		expect(await raiseAction(db, coordinator(), kumanovo(), id, decisionId, { title: 'Late', ownerOrganizationId: world.kumanovo.organizations.police, dueDate: null })).toEqual(readOnly);

		// The database says the same to a coordinator who goes around the service.
		const forged = [
			`update decisions set text = 'Rewritten' where meeting_id = '${id}'`,
			`delete from decisions where meeting_id = '${id}'`,
			`insert into decisions (meeting_id, municipality_id, text, created_by) values ('${id}', '${kumanovo().id}', 'Forged', '${world.kumanovo.users.coordinator}')`,
			`insert into meeting_attendance (meeting_id, municipality_id, organization_id, status, recorded_by) values ('${id}', '${kumanovo().id}', '${world.kumanovo.organizations.osce}', 'present', '${world.kumanovo.users.coordinator}')`,
			`update meetings set title = 'Rewritten' where id = '${id}'`,
			`update meetings set minutes_approved_at = null, minutes_approved_by = null where id = '${id}'`,
			`delete from meetings where id = '${id}'`
		];
		for (const statement of forged) {
			await expect(asUser(world.kumanovo.users.coordinator, (sql) => sql.query(statement)), statement).rejects.toSatisfy((err) => code(err) === '42501');
		}
		const texts = (await asUser(world.kumanovo.users.coordinator, (sql) => listDecisions(sql, kumanovo().id, id))).map((d) => d.text);
		expect(texts).toEqual(['Agreed before approval']);
	});

	it('lets no one approve in someone else’s name', async () => {
		const id = await meetingAt(-5);
		await startMinutes(db, coordinator(), kumanovo(), id, 'Minutes');
		const attempt = asUser(world.kumanovo.users.coordinator, (sql) =>
			sql.query('update meetings set minutes_approved_at = now(), minutes_approved_by = $2 where id = $1', [id, world.kumanovo.users.observer])
		);
		await expect(attempt).rejects.toSatisfy((err) => code(err) === '42501');
	});

	it('refuses members and observers, in the service and in the database', async () => {
		const id = await meetingAt(-2);
		for (const who of ['kumanovo.member', 'kumanovo.observer', 'tuzla.coordinator']) {
			const actor = actors[who];
			expect(await scheduleMeeting(db, actor, kumanovo(), { title: 'x', startsAt: new Date(), endsAt: new Date(Date.now() + HOUR), place: null, onlineUrl: null, inviteeIds: [] })).toEqual({ ok: false, reason: 'not_allowed' });
			expect(await recordDecision(db, actor, kumanovo(), id, { text: 'x', agendaItemId: null, action: null })).toEqual({ ok: false, reason: 'not_allowed' });
			expect(await recordAttendance(db, actor, kumanovo(), id, { organizations: [], people: [] })).toEqual({ ok: false, reason: 'not_allowed' });
			expect(await startMinutes(db, actor, kumanovo(), id, 'x')).toEqual({ ok: false, reason: 'not_allowed' });
			expect(await approveMinutes(db, actor, kumanovo(), id)).toEqual({ ok: false, reason: 'not_allowed' });
		}
		const k = kumanovo().id;
		for (const userId of [world.kumanovo.users.member, world.kumanovo.users.observer, world.tuzla.users.coordinator]) {
			const inserts = [
				[`insert into meetings (municipality_id, title, starts_at, ends_at, created_by) values ($1, 'Forged', now(), now() + interval '1 hour', $2)`, [k, userId]],
				[`insert into decisions (meeting_id, municipality_id, text, created_by) values ($3, $1, 'Forged', $2)`, [k, userId, id]],
				[`insert into meeting_attendance (meeting_id, municipality_id, user_id, status, recorded_by) values ($3, $1, $2, 'present', $2)`, [k, userId, id]],
				[`insert into meeting_agenda_items (meeting_id, municipality_id, position, title) values ($2, $1, 9, 'Forged')`, [k, id]]
			] as const;
			for (const [statement, params] of inserts) {
				await expect(asUser(userId, (sql) => sql.query(statement, [...params])), statement).rejects.toSatisfy((err) => code(err) === '42501');
			}
			const updated = await asUser(userId, (sql) => sql.query(`update meetings set title = 'Forged', minutes_approved_at = now(), minutes_approved_by = $2 where id = $1 returning id`, [id, userId]));
			expect(updated).toHaveLength(0);
			const deleted = await asUser(userId, (sql) => sql.query('delete from meeting_invitees where meeting_id = $1 returning meeting_id', [id]));
			expect(deleted).toHaveLength(0);
		}
		const seen = await asUser(world.tuzla.users.coordinator, (sql) => sql.query('select id from meetings where id = $1', [id]));
		expect(seen).toHaveLength(0);
		const [unchanged] = await db.system((sql) => sql.query<{ title: string; minutes_approved_at: Date | null }>('select title, minutes_approved_at from meetings where id = $1', [id]));
		expect(unchanged).toEqual({ title: 'Council meeting', minutes_approved_at: null });
		await expect(asUser(world.kumanovo.users.member, (sql) => sql.query('select * from calendar_feeds'))).rejects.toSatisfy((err) => code(err) === '42501');
	});
});

/** Parses with ical.js, registering the file's VTIMEZONEs as calendar apps do. */
function parse(ics: string) {
	const calendar = new ICAL.Component(ICAL.parse(ics));
	for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
	return calendar.getAllSubcomponents('vevent');
}

function instant(vevent: ICAL.Component, name: 'dtstart' | 'dtend'): string {
	const prop = vevent.getFirstProperty(name)!;
	const time = prop.getFirstValue() as ICAL.Time;
	const tzid = prop.getParameter('tzid') as string | undefined;
	const zoned = tzid
		? ICAL.Time.fromData({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second }, ICAL.TimezoneService.get(tzid))
		: time;
	return new Date(zoned.toUnixTime() * 1000).toISOString();
}

function requestEvent(userId: string | null, actor: Actor | null, params: Record<string, string>, path: string): RequestEvent {
	return {
		params,
		url: new URL(`https://roundtable.example.org${path}`),
		locals: { user: userId && { id: userId, email: '', displayName: '', locale: null }, actor, session: userId && { id: 's' }, locale: 'en' },
		request: new Request(`https://roundtable.example.org${path}`)
	} as unknown as RequestEvent;
}

describe(`calendars on ${driverName()}`, () => {
	it('exports a meeting with organizer, attendees and correct UTC times in Skopje and Sarajevo', async () => {
		const cases = [
			{ board: 'kumanovo', zone: 'Europe/Skopje', date: '2026-07-15', start: '10:00', end: '12:00', utc: ['2026-07-15T08:00:00.000Z', '2026-07-15T10:00:00.000Z'] },
			{ board: 'tuzla', zone: 'Europe/Sarajevo', date: '2026-12-03', start: '17:30', end: '19:00', utc: ['2026-12-03T16:30:00.000Z', '2026-12-03T18:00:00.000Z'] }
		] as const;
		for (const c of cases) {
			const b = world[c.board];
			const parsed = parseSchedule(form({ title: `${c.board} council`, date: c.date, startTime: c.start, endTime: c.end, place: 'Hall', invitee: [b.organizations.police, b.organizations.osce] }), c.zone);
			if (!parsed.ok) throw new Error('form');
			const scheduled = await scheduleMeeting(db, actors[`${c.board}.coordinator`], b.municipality, parsed.data);
			const id = scheduled.ok ? scheduled.id : '';
			await addAgendaItem(db, actors[`${c.board}.coordinator`], b.municipality, id, { title: 'Opening', ownerOrganizationId: null, durationMinutes: 20 });
			await recordAttendance(db, actors[`${c.board}.coordinator`], b.municipality, id, {
				organizations: [{ organizationId: b.organizations.osce, status: 'excused' }],
				people: [{ userId: b.users.member, status: 'present' }]
			});

			// Through the route, as a board observer.
			const response = await meetingIcs(requestEvent(b.users.observer, actors[`${c.board}.observer`], { slug: b.municipality.slug, id }, `/m/${b.municipality.slug}/meetings/${id}/calendar.ics`) as never);
			expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
			const [vevent] = parse(await response.text());
			expect(instant(vevent, 'dtstart')).toBe(c.utc[0]);
			expect(instant(vevent, 'dtend')).toBe(c.utc[1]);
			expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(c.zone);
			expect(vevent.getFirstPropertyValue('summary')).toBe(`${c.board} council`);
			expect(vevent.getFirstPropertyValue('uid')).toBe(`meeting-${id}@roundtable.example.org`);
			expect(String(vevent.getFirstPropertyValue('description'))).toContain(`${c.start}–`);
			const organizer = vevent.getFirstProperty('organizer')!;
			expect(organizer.getParameter('cn')).toBe(`coordinator@${c.board}.test`);
			// An observer does not get the board's email addresses.
			expect(String(organizer.getFirstValue())).toMatch(/^urn:uuid:/);
			const attendees = Object.fromEntries(vevent.getAllProperties('attendee').map((p) => [p.getParameter('cn'), p.getParameter('partstat')]));
			expect(attendees).toEqual({ [`Police ${c.board}`]: 'ACCEPTED', [`OSCE ${c.board}`]: 'DECLINED', [`police@${c.board}.test`]: 'ACCEPTED' });

			// The coordinator's copy carries addresses.
			const record = await loadMeetingRecord(db, b.users.coordinator, b.municipality.id, id);
			const own = parse(meetingToICalendar(record!, { origin: 'https://roundtable.example.org', slug: b.municipality.slug, timeZone: c.zone, withEmails: true }))[0];
			expect(own.getFirstPropertyValue('organizer')).toBe(`mailto:coordinator@${c.board}.test`);
			ICAL.TimezoneService.reset();
		}
	});

	it('sends no email addresses to the meeting page, and the attendance list only to the coordinator', async () => {
		const id = await meetingAt(12);
		await db.system((sql) => sql.query(`update organizations set contact_email = 'desk@police.example' where id = $1`, [world.kumanovo.organizations.police]));
		const open = (who: 'observer' | 'coordinator') =>
			meetingPage({
				...requestEvent(world.kumanovo.users[who], actors[`kumanovo.${who}`], { slug: kumanovo().slug, id }, `/m/${kumanovo().slug}/meetings/${id}`),
				depends: () => {}
			} as never) as Promise<Record<string, unknown>>;
		const seen = await open('observer');
		expect(JSON.stringify(seen)).not.toContain('desk@police.example');
		expect((seen.meeting as { createdBy: { email: unknown } }).createdBy.email).toBeNull();
		expect(seen.members).toEqual([]);
		expect(seen.canManage).toBe(false);
		const coordinatorView = await open('coordinator');
		expect((coordinatorView.members as unknown[]).length).toBeGreaterThanOrEqual(3);
	});

	it('answers 404 for the .ics of a meeting on another board', async () => {
		const id = await meetingAt(10);
		const t = world.tuzla;
		const attempt = meetingIcs(requestEvent(t.users.coordinator, actors['tuzla.coordinator'], { slug: kumanovo().slug, id }, `/m/${kumanovo().slug}/meetings/${id}/calendar.ics`) as never);
		await expect(attempt).rejects.toMatchObject({ status: 404 });
	});

	it('serves a personal feed of the person’s boards only, until the token is revoked or replaced', async () => {
		const both = await makeUser(db, 'both@test.test');
		await addMember(db, kumanovo().id, both, 'observer', world.kumanovo.organizations.osce);
		const kumanovoMeeting = await meetingAt(30, 'Kumanovo feed meeting');
		const tuzlaMeeting = await scheduleMeeting(db, actors['tuzla.coordinator'], world.tuzla.municipality, {
			title: 'Tuzla feed meeting',
			startsAt: new Date(Date.now() + 40 * HOUR),
			endsAt: new Date(Date.now() + 41 * HOUR),
			place: null,
			onlineUrl: null,
			inviteeIds: []
		});
		expect(tuzlaMeeting.ok).toBe(true);
		await cancelMeeting(db, coordinator(), kumanovo(), kumanovoMeeting, true);

		const token = await createFeed(db, both);
		const get = (t: string) => feed(requestEvent(null, null, { token: t }, `/calendar/${t}`) as never);
		const response = await get(token);
		expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		const vevents = parse(await response.text());
		const summaries = vevents.map((v) => v.getFirstPropertyValue('summary'));
		expect(summaries).toContain('Kumanovo feed meeting');
		expect(summaries).not.toContain('Tuzla feed meeting');
		expect(vevents.find((v) => v.getFirstPropertyValue('summary') === 'Kumanovo feed meeting')!.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(new Set(vevents.map((v) => String(v.getFirstPropertyValue('url')).split('/')[4]))).toEqual(new Set(['kumanovo']));

		// On a second board, the feed grows; names come from the person's language.
		await addMember(db, world.tuzla.municipality.id, both, 'observer', world.tuzla.organizations.osce);
		await db.system((sql) => sql.query(`update users set locale = 'mk' where id = $1`, [both]));
		const grown = await feedCalendar(db, token, 'https://roundtable.example.org', (locale) => `feed in ${locale}`);
		expect(grown).toContain('Tuzla feed meeting');
		expect(grown).toContain('X-WR-CALNAME:feed in mk');

		const replacement = await createFeed(db, both);
		await expect(get(token)).rejects.toMatchObject({ status: 404 });
		expect((await get(replacement)).status).toBe(200);
		expect(await revokeFeed(db, both)).toBe(true);
		await expect(get(replacement)).rejects.toMatchObject({ status: 404 });
		await expect(get('a'.repeat(32))).rejects.toMatchObject({ status: 404 });
	});
});
