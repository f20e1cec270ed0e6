import type { Block } from '../collab/document';

/**
 * Notes the demo boards start with: the kind of working notes a framework keeps. They name
 * organizations and plans, never a person at risk: case details belong in referrals only.
 */
export interface DemoNote {
	title: string;
	/** Login of the board member who created it. */
	author: string;
	daysAgo: number;
	blocks: Block[];
}

const forum = (town: string): DemoNote => ({
	title: `Community forum on youth safety – ${town}`,
	author: 'coordinator',
	daysAgo: 12,
	blocks: [
		{ heading: 'What we heard', level: 2 },
		{ paragraph: 'Parents asked for more evening activities for teenagers and safer routes home from the bus station.' },
		{ bullets: ['Street lighting near the station is poor', 'Sports hall is closed after 18:00', 'Young people want a say in how the youth centre is run'] },
		{ heading: 'Follow-up', level: 2 },
		{ tasks: [
			{ text: 'Ask the municipality about lighting on the station road', done: true },
			{ text: 'Propose extended opening hours for the sports hall' },
			{ text: 'Invite the youth council to draft the centre’s house rules' }
		] }
	]
});

const schools: DemoNote = {
	title: 'Schools working group',
	author: 'coordinator',
	daysAgo: 30,
	blocks: [
		{ heading: 'Purpose', level: 2 },
		{ paragraph: 'Coordinate prevention activities in secondary schools: teacher training, peer mediation and online safety sessions.' },
		{ heading: 'Agreed', level: 2 },
		{ bullets: ['Two teacher workshops per term, run with the centre for social work', 'Peer mediators trained in every secondary school by June', 'Online safety sessions for parents in both languages'] },
		{ tasks: [{ text: 'Share the training calendar with school directors', done: true }, { text: 'Collect feedback forms after the first workshop' }] }
	]
};

const outreach: DemoNote = {
	title: 'Outreach plan for the summer',
	author: 'youth',
	daysAgo: 5,
	blocks: [
		{ heading: 'Summer outreach', level: 2 },
		{ paragraph: 'The youth council proposes weekly open-air activities in three neighbourhoods, with volunteers from civil society.' },
		{ tasks: [{ text: 'Confirm locations with the municipality' }, { text: 'Find volunteers for Saturday afternoons' }, { text: 'Prepare a short survey for participants' }] }
	]
};

const policing: DemoNote = {
	title: 'Community policing – shared priorities',
	author: 'police',
	daysAgo: 20,
	blocks: [
		{ heading: 'Priorities for the next quarter', level: 2 },
		{ bullets: ['Visible presence at school entrances in the first week of term', 'Joint visits with social workers where families ask for support', 'Monthly open office hour at the local community office'] },
		{ paragraph: 'Individual cases are discussed only in the closed part of meetings, by case code.' }
	]
};

/** Notes per municipality slug; authors must be among that municipality's demo people. */
export const DEMO_NOTES: Record<string, DemoNote[]> = {
	kumanovo: [forum('Kumanovo'), schools, outreach, policing],
	kicevo: [forum('Kičevo'), { ...policing, author: 'police' }],
	cair: [forum('Čair'), { ...outreach, author: 'youth' }],
	tuzla: [forum('Tuzla'), { ...schools, author: 'coordinator' }, { ...outreach, author: 'youth' }],
	danilovgrad: [forum('Danilovgrad'), { ...policing, author: 'police' }]
};
