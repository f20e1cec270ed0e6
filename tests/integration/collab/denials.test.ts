import { describe, expect, it } from 'vitest';
import { CLOSE, MODE } from '$lib/collab/protocol';
import { createSession, invalidateSession, invalidateUserSessions, SESSION_COOKIE } from '$lib/server/auth/session';
import type { Database } from '$lib/server/db/database';
import { changeMember } from '$lib/server/services/members';
import { archiveNote } from '$lib/server/services/notes';
import { approveMinutes, scheduleMeeting, startMinutes } from '$lib/server/services/meetings';
import { driverName } from '../helpers/test-db';
import { actorOf, type World } from '../helpers/world';
import { client, cookieFor, makeNote, makePerson, roundTrip, startCollab, useCollabWorld, type CollabTestServer, storedText, synced, until, type Client } from './harness';

let db: Database;
let world: World;
let server: CollabTestServer;
const clients = useCollabWorld((ctx) => ({ db, world, server } = ctx));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Changes made through the app reach open connections at once (they are published), well
 * before the periodic check of every connection (LIMITS.revalidateMs) would find them.
 */
const AT_ONCE = 1_500;
const minutes = () => `Minutes ${crypto.randomUUID()}: the police briefing on the school route.`;
const connect = (cookie: string | undefined, noteId: string, origin?: string) => {
	const c = client(server.url, noteId, cookie, origin);
	clients.push(c);
	return c;
};
const open = async (userId: string, noteId: string) => {
	const c = connect(await cookieFor(db, userId), noteId);
	await synced(c);
	return c;
};
const kumanovoNote = () => makeNote(db, world.kumanovo.municipality.id, minutes());
const membershipOf = async (userId: string) =>
	(await db.system((sql) => sql.query<{ id: string }>('select id from memberships where user_id = $1', [userId])))[0].id;
/** As the coordinator does it on the members page. */
const changeMembership = async (userId: string, change: Parameters<typeof changeMember>[4]) =>
	expect(await changeMember(db, world.kumanovo.users.coordinator, world.kumanovo.municipality.id, await membershipOf(userId), change)).toEqual({ ok: true });

/** y-websocket gives up after a 44xx close: no second attempt within several backoff periods. */
async function expectNoReconnect(c: Client, code: number) {
	await sleep(1_000);
	expect(c.closes).toEqual([code]);
	expect(c.provider.wsconnected || c.provider.wsconnecting).toBe(false);
}

describe(`denials on ${driverName()}`, () => {
	const refusals: { who: string; code: number; attempt: () => Promise<[string | undefined, string, string?]> }[] = [
		{ who: 'no session cookie', code: CLOSE.unauthenticated, attempt: async () => [undefined, await kumanovoNote()] },
		{
			who: 'a page of another site riding a valid cookie',
			code: CLOSE.forbidden,
			attempt: async () => [await cookieFor(db, world.kumanovo.users.coordinator), await kumanovoNote(), 'https://evil.example']
		},
		{
			who: 'a coordinator of another municipality',
			code: CLOSE.forbidden,
			attempt: async () => [await cookieFor(db, world.tuzla.users.coordinator), await kumanovoNote()]
		},
		{
			// The row is still there (not signed out): only its expiry says no.
			who: 'a session past its expiry',
			code: CLOSE.unauthenticated,
			attempt: async () => {
				const { session, token } = await createSession(db, world.kumanovo.users.coordinator);
				await db.system((sql) => sql.query("update sessions set expires_at = now() - interval '1 minute' where id = $1", [session.id]));
				return [`${SESSION_COOKIE}=${token}`, await kumanovoNote()];
			}
		},
		{
			who: 'a note id that does not exist',
			code: CLOSE.notFound,
			attempt: async () => [await cookieFor(db, world.kumanovo.users.coordinator), crypto.randomUUID()]
		}
	];

	it.each(refusals)('refuses $who with close code $code before any document data', async ({ code, attempt }) => {
		const c = connect(...(await attempt()));
		await until(() => c.closes.length > 0, 'the refusal');
		expect(c.closes[0]).toBe(code);
		expect(c.received).toEqual([]);
		expect(c.text()).toBe('');
		await expectNoReconnect(c, code);
	});

	it('decides connections that arrive together each on its own session, note and role', async () => {
		// A reconnect storm is authorized and loaded in batches: every answer must reach its own
		// connection, with its own note's content.
		const [first, second] = [minutes(), minutes()];
		const [noteA, noteB] = [await makeNote(db, world.kumanovo.municipality.id, first), await makeNote(db, world.kumanovo.municipality.id, second)];
		const ended = await createSession(db, world.kumanovo.users.member);
		await invalidateSession(db, ended.session.id);
		const { coordinator, member, observer } = world.kumanovo.users;
		const attempts: [string, string, string][] = [
			[await cookieFor(db, coordinator), noteA, `mode ${MODE.readWrite}: ${first}`],
			[await cookieFor(db, world.tuzla.users.coordinator), noteA, `closed ${CLOSE.forbidden}`],
			[`${SESSION_COOKIE}=${ended.token}`, noteB, `closed ${CLOSE.unauthenticated}`],
			[await cookieFor(db, observer), noteB, `mode ${MODE.readOnly}: ${second}`],
			[await cookieFor(db, member), crypto.randomUUID(), `closed ${CLOSE.notFound}`],
			[await cookieFor(db, member), noteB, `mode ${MODE.readWrite}: ${second}`],
			[await cookieFor(db, observer), noteA, `mode ${MODE.readOnly}: ${first}`]
		];
		const all = attempts.map(([cookie, noteId]) => connect(cookie, noteId));
		await until(() => all.every((c) => c.provider.synced || c.closes.length > 0), 'every connection decided');
		const outcome = (c: Client) => (c.closes.length ? `closed ${c.closes[0]}` : `mode ${c.modes.at(-1)}: ${c.text()}`);
		expect(all.map(outcome)).toEqual(attempts.map(([, , expected]) => expected));
	});

	it("applies, stores and relays none of an observer's edits, while the observer sees everyone else's", async () => {
		const noteId = await kumanovoNote();
		const member = await open(world.kumanovo.users.member, noteId);
		const observer = await open(world.kumanovo.users.observer, noteId);
		expect(observer.modes).toEqual([MODE.readOnly]);
		expect(member.modes).toEqual([MODE.readWrite]);

		observer.doc.getText('t').insert(0, 'OBSERVER LIVE EDIT ');
		await roundTrip(observer, member);
		member.doc.getText('t').insert(member.text().length, ' The member adds a line.');
		await until(() => observer.text().includes('The member adds a line.'), "the member's edit at the observer");
		// Reconnecting, the observer offers its edit again, this time in sync step 2.
		observer.provider.disconnect();
		observer.provider.connect();
		await synced(observer);
		await roundTrip(observer, member);

		await until(async () => (await storedText(db, noteId)) === member.text(), 'storage');
		expect(member.text()).not.toContain('OBSERVER');
		expect(await storedText(db, noteId)).not.toContain('OBSERVER');
		const newcomer = await open(world.kumanovo.users.coordinator, noteId);
		expect(newcomer.text()).toBe(member.text());
	});

	it('tells a member downgraded to observer that they are read-only, and drops their later edits', async () => {
		const person = await makePerson(db, world.kumanovo.municipality.id, 'member', world.kumanovo.organizations.police);
		const noteId = await kumanovoNote();
		const editor = await open(person.id, noteId);
		const watcher = await open(world.kumanovo.users.coordinator, noteId);
		editor.doc.getText('t').insert(0, 'Written as a member. ');
		await until(() => watcher.text().startsWith('Written as a member.'), 'the edit of a member');

		await changeMembership(person.id, { role: 'observer', organizationId: world.kumanovo.organizations.police });
		await until(() => editor.modes.at(-1) === MODE.readOnly, 'the read-only mode message', AT_ONCE);
		editor.doc.getText('t').insert(0, 'Written as an observer. ');
		await roundTrip(editor, watcher);
		expect(watcher.text()).not.toContain('Written as an observer.');
		expect(editor.closes).toEqual([]); // still connected, still reading
		await until(async () => (await storedText(db, noteId)) === watcher.text(), 'storage');
		expect(await storedText(db, noteId)).not.toContain('Written as an observer.');
	});

	it('closes the connection of an ended session at once, and leaves that person’s other sessions open', async () => {
		const person = await makePerson(db, world.kumanovo.municipality.id, 'member', world.kumanovo.organizations.police);
		const noteId = await kumanovoNote();
		const sessions = await Promise.all([createSession(db, person.id), createSession(db, person.id)]);
		const [ended, other] = sessions.map(({ token }) => connect(`${SESSION_COOKIE}=${token}`, noteId));
		await Promise.all([synced(ended), synced(other)]);

		await invalidateSession(db, sessions[0].session.id);
		await until(() => ended.closes.length > 0, 'the close', AT_ONCE);
		expect(ended.closes).toEqual([CLOSE.unauthenticated]);
		await expectNoReconnect(ended, CLOSE.unauthenticated);
		expect(other.closes).toEqual([]);
	});

	it('closes every connection of a person signed out everywhere at once', async () => {
		const person = await makePerson(db, world.kumanovo.municipality.id, 'coordinator');
		const [first, second] = [await open(person.id, await kumanovoNote()), await open(person.id, await kumanovoNote())];
		await invalidateUserSessions(db, person.id);
		await until(() => first.closes.length > 0 && second.closes.length > 0, 'both closes', AT_ONCE);
		expect([first.closes, second.closes]).toEqual([[CLOSE.unauthenticated], [CLOSE.unauthenticated]]);
	});

	it('closes the connection of a person removed from the board at once, for good', async () => {
		const person = await makePerson(db, world.kumanovo.municipality.id, 'member', world.kumanovo.organizations.police);
		const c = await open(person.id, await kumanovoNote());
		await changeMembership(person.id, 'remove');
		await until(() => c.closes.length > 0, 'the close', AT_ONCE);
		expect(c.closes).toEqual([CLOSE.forbidden]);
		await expectNoReconnect(c, CLOSE.forbidden);
	});

	it('turns editors read-only when the note is archived, and drops their later edits', async () => {
		const noteId = await kumanovoNote();
		const editor = await open(world.kumanovo.users.member, noteId);
		const watcher = await open(world.kumanovo.users.coordinator, noteId);
		const before = watcher.text();
		await archiveNote(db, world.kumanovo.users.coordinator, { municipalityId: world.kumanovo.municipality.id, noteId, archived: true });
		await until(() => editor.modes.at(-1) === MODE.readOnly && watcher.modes.at(-1) === MODE.readOnly, 'read-only modes', AT_ONCE);

		editor.doc.getText('t').insert(0, 'Edited after archiving. ');
		await roundTrip(editor, watcher);
		expect(watcher.text()).toBe(before);
		await sleep(500); // past the batching window: nothing was queued for storage either
		expect(await storedText(db, noteId)).toBe(before);
	});
	it('turns the minutes read-only for everyone at once when the coordinator approves them', async () => {
		const k = world.kumanovo;
		const coordinator = await actorOf(db, k.users.coordinator);
		const scheduled = await scheduleMeeting(db, coordinator, k.municipality, {
			title: 'Framework meeting',
			startsAt: new Date(Date.now() - 3 * 3600_000),
			endsAt: new Date(Date.now() - 2 * 3600_000),
			place: null,
			onlineUrl: null,
			inviteeIds: []
		});
		const meetingId = (scheduled as { id: string }).id;
		const started = await startMinutes(db, coordinator, k.municipality, meetingId, 'Minutes');
		const noteId = (started as { id: string }).id;
		const member = await open(k.users.member, noteId);
		const chair = await open(k.users.coordinator, noteId);
		expect([member.modes.at(-1), chair.modes.at(-1)]).toEqual([MODE.readWrite, MODE.readWrite]);

		expect((await approveMinutes(db, coordinator, k.municipality, meetingId)).ok).toBe(true);
		await until(() => member.modes.at(-1) === MODE.readOnly && chair.modes.at(-1) === MODE.readOnly, 'read-only modes', AT_ONCE);
		const before = chair.text();
		member.doc.getText('t').insert(0, 'Rewritten after approval. ');
		await roundTrip(member, chair);
		expect(chair.text()).toBe(before);
		// A newcomer is read-only from the start.
		const late = await open(k.users.coordinator, noteId);
		expect(late.modes.at(-1)).toBe(MODE.readOnly);
	});

	it('applies changes made outside the app (another process, psql) on the periodic check', async () => {
		const checking = await startCollab(db, { revalidateMs: 500 });
		try {
			const person = await makePerson(db, world.kumanovo.municipality.id, 'member', world.kumanovo.organizations.police);
			const noteId = await kumanovoNote();
			const editor = client(checking.url, noteId, await cookieFor(db, person.id));
			const removed = client(checking.url, await kumanovoNote(), await cookieFor(db, person.id));
			const { session, token } = await createSession(db, world.kumanovo.users.member);
			const expiring = client(checking.url, await kumanovoNote(), `${SESSION_COOKIE}=${token}`);
			clients.push(editor, removed, expiring);
			await Promise.all([synced(editor), synced(removed), synced(expiring)]);
			await db.system((sql) => sql.query("update sessions set expires_at = now() - interval '1 minute' where id = $1", [session.id]));
			await until(() => expiring.closes.length > 0, 'the close of the expired session', 3_000);
			expect(expiring.closes).toEqual([CLOSE.unauthenticated]);
			await db.system((sql) => sql.query('update notes set archived_at = now() where id = $1', [noteId]));
			await until(() => editor.modes.at(-1) === MODE.readOnly, 'the read-only mode', 3_000);
			await db.system((sql) => sql.query('delete from memberships where user_id = $1', [person.id]));
			await until(() => removed.closes.length > 0, 'the close', 3_000);
			expect(removed.closes).toEqual([CLOSE.forbidden]);
		} finally {
			await checking.stop();
		}
	});
});
