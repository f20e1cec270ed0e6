import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database';
import { verifyPassword } from '../auth/password';
import * as Y from 'yjs';
import { documentText } from '../collab/document';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoIfEmpty } from './demo';

const SLUGS = ['kumanovo', 'kicevo', 'cair', 'tuzla', 'danilovgrad'];

// The accounts other issues, docs and e2e tests rely on by name.
const KUMANOVO = 'kumanovo.demo.roundtable.test';
const REQUIRED: { email: string; role: string; municipality?: string; sector?: string }[] = [
	{ email: 'hub@demo.roundtable.test', role: 'hub_admin' },
	{ email: 'staff@demo.roundtable.test', role: 'hub_staff' },
	...(
		[
			['coordinator', 'coordinator', 'local_government'],
			['police', 'member', 'police'],
			['youth', 'member', 'youth_council'],
			['observer', 'observer', 'international_partner']
		] as const
	).map(([login, role, sector]) => ({
		email: `${login}@${KUMANOVO}`,
		role,
		municipality: 'kumanovo',
		sector
	})),
	...SLUGS.map((slug) => ({
		email: `coordinator@${slug}.demo.roundtable.test`,
		role: 'coordinator',
		municipality: slug
	}))
];

let db: Database;

async function count(table: string): Promise<number> {
	const [row] = await db.system((sql) =>
		sql.query<{ n: number }>(`select count(*)::int as n from public.${table}`)
	);
	return row.n;
}

beforeAll(async () => {
	db = await openDatabase({});
	await seedDemoIfEmpty(db);
});

afterAll(async () => {
	await db?.close();
});

describe('seedDemoIfEmpty', () => {
	it('creates the region, marks setup done and seeds the five municipalities', async () => {
		const settings = await db.system((sql) =>
			sql.query<{ name: string }>(
				'select r.name from public.app_settings s join public.regions r on r.id = s.region_id'
			)
		);
		expect(settings).toEqual([{ name: 'Western Balkans Regional Hub' }]);
		const rows = await db.system((sql) =>
			sql.query<{ slug: string; interval: number }>(
				'select slug, target_meeting_interval_days as interval from public.municipalities'
			)
		);
		expect(rows.map((r) => r.slug).sort()).toEqual([...SLUGS].sort());
		expect(rows.find((r) => r.slug === 'danilovgrad')?.interval).toBe(92);
	});

	it('gives every required login its role in the right municipality and organization', async () => {
		for (const want of REQUIRED) {
			const got = await db.system((sql) =>
				want.municipality
					? sql.query<{ role: string; slug: string; sector: string | null }>(
							`select ms.role, mu.slug, o.sector
							 from public.users u
							 join public.memberships ms on ms.user_id = u.id
							 join public.municipalities mu on mu.id = ms.municipality_id
							 left join public.organizations o on o.id = ms.organization_id
							 where lower(u.email) = lower($1)`,
							[want.email]
						)
					: sql.query<{ role: string }>(
							`select h.role from public.users u join public.hub_roles h on h.user_id = u.id
							 where lower(u.email) = lower($1)`,
							[want.email]
						)
			);
			expect(got, want.email).toHaveLength(1);
			expect(got[0], want.email).toMatchObject({
				role: want.role,
				...(want.municipality && { slug: want.municipality }),
				...(want.sector && { sector: want.sector })
			});
		}
	});

	it('lists exactly the seeded accounts in DEMO_LOGINS, all under demo.roundtable.test', async () => {
		const emails = await db.system((sql) =>
			sql.query<{ email: string }>('select email from public.users')
		);
		expect(DEMO_LOGINS.map((l) => l.email).sort()).toEqual(emails.map((e) => e.email).sort());
		for (const login of DEMO_LOGINS) expect(login.email).toMatch(/@([a-z]+\.)?demo\.roundtable\.test$/);
		for (const want of REQUIRED) {
			const { email, role } = want;
			expect(DEMO_LOGINS).toContainEqual(expect.objectContaining({ email, role }));
		}
	});

	it('gives every municipality at least 8 organizations across at least 7 sectors', async () => {
		const rows = await db.system((sql) =>
			sql.query<{ slug: string; orgs: number; sectors: number }>(
				`select mu.slug, count(o.id)::int as orgs, count(distinct o.sector)::int as sectors
				 from public.municipalities mu left join public.organizations o on o.municipality_id = mu.id
				 group by mu.slug`
			)
		);
		expect(rows).toHaveLength(SLUGS.length);
		for (const r of rows) {
			expect(r.orgs, r.slug).toBeGreaterThanOrEqual(8);
			expect(r.sectors, r.slug).toBeGreaterThanOrEqual(7);
		}
		expect(await count('organizations where left_on is not null')).toBeGreaterThanOrEqual(1);
	});

	it('sets the Macedonian and Albanian locales on one Kičevo and one Čair member', async () => {
		const rows = await db.system((sql) =>
			sql.query<{ locale: string; slug: string }>(
				`select u.locale, mu.slug from public.users u
				 join public.memberships ms on ms.user_id = u.id
				 join public.municipalities mu on mu.id = ms.municipality_id
				 where u.locale is not null`
			)
		);
		expect(rows).toContainEqual({ locale: 'mk', slug: 'kicevo' });
		expect(rows).toContainEqual({ locale: 'sq', slug: 'cair' });
	});

	it('seeds accounts whose password is the demo password', async () => {
		const [user] = await db.system((sql) =>
			sql.query<{ password_hash: string }>(
				'select password_hash from public.users where email = $1',
				[`police@${KUMANOVO}`]
			)
		);
		expect(await verifyPassword(user.password_hash, DEMO_PASSWORD)).toBe(true);
		expect(await verifyPassword(user.password_hash, 'wrong-password')).toBe(false);
	});

	it('gives every board notes whose stored document holds their text', async () => {
		const notes = await db.system((sql) =>
			sql.query<{ slug: string; state: Uint8Array; text: string }>(
				`select mu.slug, n.ydoc_state as state, n.text_content as text
				 from public.notes n join public.municipalities mu on mu.id = n.municipality_id`
			)
		);
		expect(new Set(notes.map((n) => n.slug))).toEqual(new Set(SLUGS));
		for (const note of notes) {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, new Uint8Array(note.state));
			expect(documentText(doc)).toBe(note.text);
			expect(note.text.length).toBeGreaterThan(50);
		}
	});

	it('gives every board a year of meetings and an action plan in its second year', async () => {
		const boards = await db.system((sql) =>
			sql.query<{ slug: string; past: number; upcoming: number; approved: number; draft: number; with_attendance: number; decisions: number; statuses: string[]; overdue: number; from_decisions: number; orgs: number }>(
				`select mu.slug,
				   (select count(*)::int from meetings m where m.municipality_id = mu.id and m.ends_at < now()) as past,
				   (select count(*)::int from meetings m where m.municipality_id = mu.id and m.starts_at > now()) as upcoming,
				   (select count(*)::int from meetings m where m.municipality_id = mu.id and m.minutes_approved_at is not null) as approved,
				   (select count(*)::int from meetings m where m.municipality_id = mu.id and m.minutes_note_id is not null and m.minutes_approved_at is null) as draft,
				   (select count(distinct a.meeting_id)::int from meeting_attendance a where a.municipality_id = mu.id) as with_attendance,
				   (select count(*)::int from decisions d where d.municipality_id = mu.id) as decisions,
				   (select array_agg(distinct i.status) from action_items i where i.municipality_id = mu.id) as statuses,
				   (select count(*)::int from action_items i where i.municipality_id = mu.id and i.due_date < current_date and i.status not in ('done', 'cancelled')) as overdue,
				   (select count(*)::int from action_items i where i.municipality_id = mu.id and i.decision_id is not null) as from_decisions,
				   (select count(distinct i.owner_organization_id)::int from action_items i where i.municipality_id = mu.id) as orgs
				 from municipalities mu order by mu.slug`
			)
		);
		expect(boards.map((b) => b.slug).sort()).toEqual([...SLUGS].sort());
		for (const b of boards) {
			expect(b.past, b.slug).toBeGreaterThanOrEqual(3);
			expect(b.upcoming, b.slug).toBe(1);
			expect(b.with_attendance, b.slug).toBe(b.past);
			expect(b.approved, b.slug).toBe(b.past - 1);
			expect(b.draft, b.slug).toBe(1);
			expect(b.decisions, b.slug).toBeGreaterThanOrEqual(b.past);
			expect([...b.statuses].sort(), b.slug).toEqual(['blocked', 'cancelled', 'done', 'in_progress', 'not_started']);
			expect(b.overdue, b.slug).toBeGreaterThan(0);
			expect(b.from_decisions, b.slug).toBeGreaterThan(0);
			expect(b.orgs, b.slug).toBeGreaterThanOrEqual(4);
		}
	});

	it('does nothing when run again', async () => {
		const before = [await count('users'), await count('organizations'), await count('memberships'), await count('notes')];
		await seedDemoIfEmpty(db);
		const after = [await count('users'), await count('organizations'), await count('memberships'), await count('notes')];
		expect(after).toEqual(before);
		expect(await count('regions')).toBe(1);
	});

	it('leaves a database alone when first-run setup already happened', async () => {
		const fresh = await openDatabase({});
		try {
			await fresh.system(async (sql) => {
				const [r] = await sql.query<{ id: string }>(
					`insert into public.regions (name) values ('Real hub') returning id`
				);
				await sql.query('insert into public.app_settings (region_id) values ($1)', [r.id]);
			});
			await seedDemoIfEmpty(fresh);
			const [row] = await fresh.system((sql) =>
				sql.query<{ users: number; munis: number }>(
					`select (select count(*)::int from public.users) as users,
					        (select count(*)::int from public.municipalities) as munis`
				)
			);
			expect(row).toEqual({ users: 0, munis: 0 });
		} finally {
			await fresh.close();
		}
	});
});
