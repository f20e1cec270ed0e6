import type { Database } from '../db/database';
import type { Sql } from '../db/types';
import { hashPassword } from '../auth/password';
import { insertUser } from '../repos/users';
import * as Y from 'yjs';
import { documentFromBlocks, documentText } from '../collab/document';
import { DEMO_NOTES } from './demo-notes';
import { seedPlan } from './demo-plan';
import {
	DEMO_HUB,
	DEMO_MUNICIPALITIES,
	DEMO_REGION_NAME,
	boardEmail,
	hubEmail,
	type DemoMunicipality
} from './demo-data';

export const DEMO_PASSWORD = 'roundtable-demo';

/** The demo logins, for printing by `npm run demo` and for tests. */
export const DEMO_LOGINS: { email: string; role: string; municipality?: string }[] = [
	...DEMO_HUB.map((p) => ({ email: hubEmail(p.login), role: p.role })),
	...DEMO_MUNICIPALITIES.flatMap((m) =>
		m.people.map((p) => ({ email: boardEmail(p.login, m.slug), role: p.role, municipality: m.slug }))
	)
];

/** Seeds the demo region when the database has no setup yet (app_settings empty). Idempotent. */
export async function seedDemoIfEmpty(db: Database): Promise<void> {
	await db.system(async (sql) => {
		// Two processes starting on one database must not both seed; the loser waits here and
		// then sees the winner's app_settings row.
		await sql.query('lock table public.app_settings in exclusive mode');
		const done = await sql.query('select 1 from public.app_settings limit 1');
		if (done.length > 0) return;

		const [region] = await sql.query<{ id: string }>(
			'insert into public.regions (name) values ($1) returning id',
			[DEMO_REGION_NAME]
		);
		// Doubles as the "setup done" marker, so first-run setup never offers itself on a demo.
		await sql.query('insert into public.app_settings (region_id) values ($1)', [region.id]);

		// argon2id is deliberately slow; one hash shared by every demo account keeps start-up fast.
		const passwordHash = await hashPassword(DEMO_PASSWORD);

		for (const person of DEMO_HUB) {
			const userId = await insertUser(sql, { email: hubEmail(person.login), displayName: person.name, passwordHash });
			await sql.query('insert into public.hub_roles (region_id, user_id, role) values ($1, $2, $3)', [
				region.id,
				userId,
				person.role
			]);
		}
		for (const municipality of DEMO_MUNICIPALITIES) {
			await seedMunicipality(sql, region.id, municipality, passwordHash);
		}
	});
}

async function seedMunicipality(
	sql: Sql,
	regionId: string,
	m: DemoMunicipality,
	passwordHash: string
): Promise<void> {
	const [row] = await sql.query<{ id: string }>(
		`insert into public.municipalities
		   (region_id, slug, name, name_latin, country, time_zone, target_meeting_interval_days)
		 values ($1, $2, $3, $4, $5, $6, $7)
		 returning id`,
		[regionId, m.slug, m.name, m.nameLatin, m.country, m.timeZone, m.targetMeetingIntervalDays]
	);
	const municipalityId = row.id;

	const orgIds = new Map<string, string>();
	for (const org of m.organizations) {
		// Dates relative to today, so the directory never looks years stale in an old demo.
		const [inserted] = await sql.query<{ id: string }>(
			`insert into public.organizations
			   (municipality_id, name, sector, contact_name, joined_on, left_on)
			 values ($1, $2, $3, $4,
			   (current_date - make_interval(months => $5::int))::date,
			   case when $6::int is null then null
			        else (current_date - make_interval(months => $6::int))::date end)
			 returning id`,
			[municipalityId, org.name, org.sector, org.contact, org.joinedMonthsAgo, org.leftMonthsAgo ?? null]
		);
		if (orgIds.has(org.key)) throw new Error(`demo data: duplicate org key ${org.key} in ${m.slug}`);
		orgIds.set(org.key, inserted.id);
	}

	const userIds = new Map<string, string>();
	for (const person of m.people) {
		const orgId = orgIds.get(person.org);
		if (!orgId) throw new Error(`demo data: ${person.login}@${m.slug} names unknown org ${person.org}`);
		const email = boardEmail(person.login, m.slug);
		const userId = await insertUser(sql, { email, displayName: person.name, passwordHash, locale: person.locale });
		userIds.set(person.login, userId);
		await sql.query(
			`insert into public.memberships (municipality_id, user_id, organization_id, role)
			 values ($1, $2, $3, $4)`,
			[municipalityId, userId, orgId, person.role]
		);
	}
	await seedNotes(sql, municipalityId, m.slug, userIds);
	await seedPlan(sql, m, municipalityId, orgIds, userIds);
}

async function seedNotes(sql: Sql, municipalityId: string, slug: string, userIds: Map<string, string>) {
	for (const note of DEMO_NOTES[slug] ?? []) {
		const author = userIds.get(note.author);
		if (!author) throw new Error(`demo data: note "${note.title}" in ${slug} names unknown author ${note.author}`);
		const state = documentFromBlocks(note.blocks);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		await sql.query(
			`insert into public.notes (municipality_id, title, created_by, created_at, updated_at, ydoc_state, text_content)
			 values ($1, $2, $3, now() - make_interval(days => $4::int), now() - make_interval(days => $4::int), $5, $6)`,
			[municipalityId, note.title, author, note.daysAgo, Buffer.from(state), documentText(doc)]
		);
		doc.destroy();
	}
}

/** What `npm run demo` prints once the demo region is ready. */
export function demoBanner(url: string): string {
	const width = Math.max(...DEMO_LOGINS.map((l) => l.email.length));
	const rows = DEMO_LOGINS.map((l) => `  ${l.email.padEnd(width)}  ${l.role}${l.municipality ? ` (${l.municipality})` : ''}`);
	return [`Roundtable demo: ${url}`, `Every demo account's password is ${DEMO_PASSWORD}`, ...rows].join('\n');
}
