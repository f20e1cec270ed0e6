import * as Y from 'yjs';
import type { ItemStatus } from '$lib/domain/action-items';
import { documentFromBlocks, documentText, type Block } from '../collab/document';
import type { Sql } from '../db/types';
import type { DemoMunicipality } from './demo-data';

/**
 * Meetings and the action plan of a demo board in its second year: a year of past meetings
 * (agenda, invited organizations, attendance, approved minutes, decisions), the next one
 * scheduled, three objectives, and items in every status across the organizations, some
 * raised by decisions and some overdue. Dates are relative to today and the content is the
 * same on every start (a random generator seeded by the board's slug).
 */

const OBJECTIVES = [
	{ title: 'Safer routes to and from school', description: 'Police, schools and the municipality act together where pupils feel unsafe.' },
	{ title: 'Early support for young people at risk', description: 'Agencies spot concerns early and refer to multi-agency support.' },
	{ title: 'Trust and dialogue between communities', description: 'Religious communities, civil society and youth meet and work together.' }
];

const AGENDA = [
	{ title: 'Review of open action items', org: 'local_government', minutes: 20 },
	{ title: 'Safe routes to school: police and schools report', org: 'police', minutes: 25 },
	{ title: 'Youth council proposals', org: 'youth_council', minutes: 20 },
	{ title: 'Referrals overview (numbers only)', org: 'social_welfare', minutes: 15 },
	{ title: 'Planning the next community forum', org: 'civil_society', minutes: 20 },
	{ title: 'Interfaith youth activities', org: 'religious_community', minutes: 15 },
	{ title: 'Health centre: outreach to families', org: 'health', minutes: 15 }
];

interface ItemTemplate {
	title: string;
	description: string;
	org: string;
	objective: number;
	status: ItemStatus;
	progress: number;
	/** Due date relative to today (negative: in the past). */
	dueIn: number;
	comment?: string;
}

const ITEMS: ItemTemplate[] = [
	{ title: 'Map the three most unsafe school routes', description: 'Walk the routes with pupils and parents; mark lighting and crossings.', org: 'police', objective: 0, status: 'done', progress: 100, dueIn: -120, comment: 'Map shared with the municipality.' },
	{ title: 'Request street lighting on the mapped routes', description: 'Submit the map and a costed request to the municipal council.', org: 'local_government', objective: 0, status: 'in_progress', progress: 60, dueIn: 20, comment: 'Council committee meets next week.' },
	{ title: 'Community police officer at school gates, mornings', description: 'Two mornings a week during the first term.', org: 'police', objective: 0, status: 'in_progress', progress: 40, dueIn: -10, comment: 'Staff shortage in October.' },
	{ title: 'Train teachers to recognise early signs of risk', description: 'Two half-day sessions with the social work centre.', org: 'education', objective: 1, status: 'done', progress: 100, dueIn: -60, comment: '34 teachers took part.' },
	{ title: 'Agree a referral form with the schools', description: 'One page, no names in email; pseudonymous codes only.', org: 'social_welfare', objective: 1, status: 'blocked', progress: 30, dueIn: -5, comment: 'Waiting for the ministry’s guidance on data sharing.' },
	{ title: 'Family outreach days in two neighbourhoods', description: 'Health centre nurses with the social work centre.', org: 'health', objective: 1, status: 'not_started', progress: 0, dueIn: 45 },
	{ title: 'Youth council survey on safety and belonging', description: 'Online and paper, in every language of the municipality.', org: 'youth_council', objective: 2, status: 'in_progress', progress: 75, dueIn: 15, comment: '412 answers so far.' },
	{ title: 'Interfaith football tournament', description: 'Teams mixed across communities; religious leaders at the final.', org: 'religious_community', objective: 2, status: 'done', progress: 100, dueIn: -30, comment: 'Eight teams, about 300 spectators.' },
	{ title: 'Community forum on the action plan', description: 'Open meeting to present the plan and hear residents.', org: 'civil_society', objective: 2, status: 'not_started', progress: 0, dueIn: -3 },
	{ title: 'Radio series on the prevention framework', description: 'Six short programmes with framework members.', org: 'media', objective: 2, status: 'cancelled', progress: 0, dueIn: -40, comment: 'No funding this year; moved to next year’s plan.' },
	{ title: 'Quarterly report to the regional hub', description: 'Meetings held, attendance and action plan progress.', org: 'local_government', objective: 1, status: 'in_progress', progress: 20, dueIn: 8 },
	{ title: 'Mentoring scheme with the youth council', description: 'Pair older students with first-year pupils.', org: 'youth_council', objective: 1, status: 'not_started', progress: 0, dueIn: 70 }
];

const STATUSES: ('present' | 'excused' | 'absent')[] = ['present', 'present', 'present', 'present', 'present', 'present', 'excused', 'excused', 'absent'];

function seeded(slug: string): () => number {
	let state = [...slug].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 2166136261);
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A local wall-clock time `days` from today in the board's time zone, as SQL computes it. */
const AT = (days: string, time: string) => `((current_date + make_interval(days => ${days}))::timestamp + time '${time}') at time zone $2`;

export async function seedPlan(
	sql: Sql,
	m: DemoMunicipality,
	municipalityId: string,
	orgIds: Map<string, string>,
	userIds: Map<string, string>
): Promise<void> {
	const random = seeded(m.slug);
	const coordinator = userIds.get('coordinator')!;
	const org = (key: string) => orgIds.get(key) ?? orgIds.get('local_government')!;
	const personOf = (orgKey: string) => m.people.find((p) => p.org === orgKey && p.role !== 'observer');

	const objectiveIds: string[] = [];
	for (const [position, o] of OBJECTIVES.entries()) {
		const [row] = await sql.query<{ id: string }>(
			'insert into objectives (municipality_id, title, description, position) values ($1, $2, $3, $4) returning id',
			[municipalityId, o.title, o.description, position]
		);
		objectiveIds.push(row.id);
	}

	// Meetings: every target interval over the past year (now and then one skipped), and the next one.
	const interval = m.targetMeetingIntervalDays;
	const offsets: number[] = [];
	// Monthly boards miss a meeting now and then (their health shows it); quarterly ones never do.
	for (let days = -interval * Math.round(365 / interval); days < 0; days += interval) {
		if (interval > 60 || random() > 0.12) offsets.push(days + Math.floor(random() * 5));
	}
	offsets.push(9);
	const decisionsForItems: string[] = [];
	for (const [index, offset] of offsets.entries()) {
		const past = offset < 0;
		const agenda = [AGENDA[0], ...AGENDA.slice(1).filter(() => random() < 0.45)].slice(0, 4);
		const title = past || index === 0 ? `Framework meeting ${index + 1}` : 'Framework meeting: planning the forum';
		const [meeting] = await sql.query<{ id: string; ends_at: Date }>(
			`insert into meetings (municipality_id, title, starts_at, ends_at, place, created_by, created_at)
			 values ($1, $3, ${AT('$4::int', '10:00')}, ${AT('$4::int', '12:00')}, $5, $6, now() + make_interval(days => $4::int - 14))
			 returning id, ends_at`,
			[municipalityId, m.timeZone, title, offset, `${m.nameLatin} municipality, meeting room 2`, coordinator]
		);
		const agendaIds: string[] = [];
		for (const [position, a] of agenda.entries()) {
			const [row] = await sql.query<{ id: string }>(
				`insert into meeting_agenda_items (meeting_id, municipality_id, position, title, owner_organization_id, duration_minutes)
				 values ($1, $2, $3, $4, $5, $6) returning id`,
				[meeting.id, municipalityId, position, a.title, org(a.org), a.minutes]
			);
			agendaIds.push(row.id);
		}
		for (const id of orgIds.values()) {
			await sql.query('insert into meeting_invitees (meeting_id, organization_id, municipality_id) values ($1, $2, $3)', [meeting.id, id, municipalityId]);
		}
		if (!past) continue;

		for (const [key, id] of orgIds) {
			const status = STATUSES[Math.floor(random() * STATUSES.length)];
			await sql.query(
				`insert into meeting_attendance (meeting_id, municipality_id, organization_id, status, recorded_by) values ($1, $2, $3, $4, $5)`,
				[meeting.id, municipalityId, id, status, coordinator]
			);
			const person = personOf(key);
			if (person && status === 'present') {
				await sql.query(
					`insert into meeting_attendance (meeting_id, municipality_id, organization_id, user_id, status, recorded_by) values ($1, $2, $3, $4, 'present', $5)`,
					[meeting.id, municipalityId, id, userIds.get(person.login), coordinator]
				);
			}
		}

		const decisionTexts = [
			`The framework takes note of the action plan review; owners update their items before the next meeting.`,
			...(agenda[1] ? [`Agreed under "${agenda[1].title}": the lead organization reports back at the next meeting.`] : [])
		];
		for (const [i, text] of decisionTexts.entries()) {
			const [row] = await sql.query<{ id: string }>(
				`insert into decisions (meeting_id, municipality_id, agenda_item_id, text, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning id`,
				[meeting.id, municipalityId, agendaIds[Math.min(i, agendaIds.length - 1)], text, coordinator, meeting.ends_at]
			);
			if (i === 1) decisionsForItems.push(row.id);
		}

		// Minutes: approved three days after the meeting, except the last one (still a draft).
		const blocks: Block[] = [
			{ heading: `Minutes: ${title}`, level: 1 },
			{ paragraph: `Present: ${[...orgIds.keys()].length} organizations invited. Chaired by the coordinator.` },
			...agenda.flatMap((a): Block[] => [{ heading: a.title, level: 2 }, { paragraph: 'Discussion summarised by the lead organization; no personal data recorded.' }]),
			{ tasks: [{ text: 'Owners update their action items', done: index < offsets.length - 2 }] }
		];
		const state = documentFromBlocks(blocks);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		const [note] = await sql.query<{ id: string }>(
			`insert into notes (municipality_id, title, kind, created_by, created_at, updated_at, ydoc_state, text_content)
			 values ($1, $2, 'minutes', $3, $4, $4, $5, $6) returning id`,
			[municipalityId, `Minutes – ${title}`, coordinator, meeting.ends_at, Buffer.from(state), documentText(doc)]
		);
		doc.destroy();
		const approved = index < offsets.length - 2;
		await sql.query(
			`update meetings set minutes_note_id = $2,
			   minutes_approved_at = case when $3 then ends_at + interval '3 days' end,
			   minutes_approved_by = case when $3 then $4::uuid end
			 where id = $1`,
			[meeting.id, note.id, approved, coordinator]
		);
	}

	// The action plan: items across organizations and statuses, the older ones raised by decisions.
	for (const [i, t] of ITEMS.entries()) {
		const owner = orgIds.get(t.org) ? t.org : 'local_government';
		const updater = userIds.get(personOf(owner)?.login ?? 'coordinator')!;
		const created = -Math.max(30, -t.dueIn + 30 + Math.floor(random() * 60));
		const [item] = await sql.query<{ id: string }>(
			`insert into action_items (municipality_id, objective_id, decision_id, title, description, owner_organization_id, due_date,
			   status, progress, created_by, created_at, updated_at)
			 values ($1, $2, $3, $4, $5, $6, current_date + $7::int, $8, $9, $10,
			   now() + make_interval(days => $11::int), now() - make_interval(days => $12::int))
			 returning id`,
			[
				municipalityId,
				objectiveIds[t.objective],
				decisionsForItems[i] ?? null,
				t.title,
				t.description,
				org(owner),
				t.dueIn,
				t.status,
				t.progress,
				coordinator,
				created,
				Math.floor(random() * 20)
			]
		);
		await sql.query(
			`insert into action_item_updates (action_item_id, municipality_id, user_id, changes, created_at)
			 values ($1, $2, $3, $4, now() + make_interval(days => $5::int))`,
			[item.id, municipalityId, coordinator, JSON.stringify({ created: [null, t.title] }), created]
		);
		if (t.status !== 'not_started') {
			await sql.query(
				`insert into action_item_updates (action_item_id, municipality_id, user_id, changes, comment, created_at)
				 values ($1, $2, $3, $4, $5, now() - make_interval(days => $6::int))`,
				[item.id, municipalityId, updater, JSON.stringify({ status: ['not_started', t.status], progress: [0, t.progress] }), t.comment ?? null, Math.floor(random() * 20)]
			);
		}
		const assignee = personOf(owner);
		if (assignee) {
			await sql.query('insert into action_item_assignees (action_item_id, municipality_id, user_id) values ($1, $2, $3)', [
				item.id,
				municipalityId,
				userIds.get(assignee.login)
			]);
		}
	}
}
