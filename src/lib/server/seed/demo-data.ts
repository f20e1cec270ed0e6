// The demo region as plain data. Every person is invented; the "(demo)" suffix on display
// names and the demo.roundtable.test domain (reserved, never delivers mail) make that visible.

import type { HubRole, MunicipalityRole as BoardRole, Sector } from '$lib/domain/roles';

export interface DemoOrganization {
	/** How people below refer to it; the sector unless a municipality has two of that sector. */
	key: string;
	name: string;
	sector: Sector;
	contact: string;
	/** Months before seeding, so the directory looks lived-in whenever the demo is started. */
	joinedMonthsAgo: number;
	leftMonthsAgo?: number;
}

export interface DemoPerson {
	/** Local part of the email; the domain is <slug>.demo.roundtable.test. */
	login: string;
	name: string;
	role: BoardRole;
	org: string;
	locale?: string;
}

export interface DemoMunicipality {
	slug: string;
	name: string;
	nameLatin: string;
	country: string;
	timeZone: string;
	targetMeetingIntervalDays: number;
	organizations: DemoOrganization[];
	people: DemoPerson[];
}

export const DEMO_DOMAIN = 'demo.roundtable.test';
export const DEMO_REGION_NAME = 'Western Balkans Regional Hub';

export const DEMO_HUB: { login: string; name: string; role: HubRole }[] = [
	{ login: 'hub', name: 'Sara Lindqvist (demo)', role: 'hub_admin' },
	{ login: 'staff', name: 'Nikola Ilievski (demo)', role: 'hub_staff' }
];

// Tuple rows keep fifty organizations readable; orgs() turns them into records.
type OrgRow = [sector: Sector, name: string, contact: string, joined: number, extra?: Partial<DemoOrganization>];
const orgs = (rows: OrgRow[]): DemoOrganization[] =>
	rows.map(([sector, name, contact, joinedMonthsAgo, extra]) => ({
		key: sector,
		name,
		sector,
		contact,
		joinedMonthsAgo,
		...extra
	}));

export const DEMO_MUNICIPALITIES: DemoMunicipality[] = [
	{
		slug: 'kumanovo',
		name: 'Куманово',
		nameLatin: 'Kumanovo',
		country: 'MK',
		timeZone: 'Europe/Skopje',
		targetMeetingIntervalDays: 30,
		organizations: orgs([
			['local_government', 'Municipality of Kumanovo', 'Elena Stojanovska', 23],
			['police', 'Police Station Kumanovo', 'Dragan Petrovski', 23],
			['social_welfare', 'Centre for Social Work Kumanovo', 'Marija Trajkovska', 22],
			['health', 'Health Centre Kumanovo', 'Arben Rexhepi', 20],
			['education', 'Secondary school "Goce Delčev"', 'Vesna Nikolovska', 19],
			['religious_community', 'Islamic Religious Community – Kumanovo', 'Bujar Ismaili', 18],
			['religious_community', 'Orthodox church parish St. Nicholas, Kumanovo', 'Stefan Jovanovski', 17, { key: 'orthodox' }],
			['civil_society', 'Association "Bridges for Tomorrow"', 'Teuta Ameti', 15],
			['youth_council', 'Youth Council Kumanovo', 'Ardit Selmani', 14],
			['media', 'Kumanovo Community Radio', 'Ljupčo Angelov', 9],
			['international_partner', 'OSCE Mission to Skopje', 'Hannah Berger', 12]
		]),
		people: [
			{ login: 'coordinator', name: 'Elena Stojanovska (demo)', role: 'coordinator', org: 'local_government' },
			{ login: 'police', name: 'Dragan Petrovski (demo)', role: 'member', org: 'police' },
			{ login: 'youth', name: 'Ardit Selmani (demo)', role: 'member', org: 'youth_council' },
			{ login: 'observer', name: 'Hannah Berger (demo)', role: 'observer', org: 'international_partner' },
			{ login: 'school', name: 'Vesna Nikolovska (demo)', role: 'member', org: 'education' },
			{ login: 'social', name: 'Marija Trajkovska (demo)', role: 'member', org: 'social_welfare' }
		]
	},
	{
		slug: 'kicevo',
		name: 'Кичево',
		nameLatin: 'Kičevo',
		country: 'MK',
		timeZone: 'Europe/Skopje',
		targetMeetingIntervalDays: 30,
		organizations: orgs([
			['local_government', 'Municipality of Kičevo', 'Blerim Xhaferi', 21],
			['police', 'Police Station Kičevo', 'Goran Velkoski', 21],
			['social_welfare', 'Centre for Social Work Kičevo', 'Liljana Talevska', 20],
			['health', 'Health Centre Kičevo', 'Agim Fetai', 18],
			['education', 'Secondary school "Mirko Mileski"', 'Snežana Ristoska', 16],
			['religious_community', 'Islamic Religious Community – Kičevo', 'Nexhat Aliu', 16],
			['religious_community', 'Orthodox church parish St. Demetrius, Kičevo', 'Zoran Stojkoski', 13, { key: 'orthodox' }],
			['civil_society', 'Citizens\' Association "Open Door" Kičevo', 'Mimoza Sulejmani', 11],
			['youth_council', 'Youth Council Kičevo', 'Kristijan Blažeski', 7],
			// Left the framework: the directory should show a past member, not only current ones.
			['business', 'Kičevo Crafts and Trade Association', 'Ilir Jashari', 19, { leftMonthsAgo: 4 }]
		]),
		people: [
			{ login: 'coordinator', name: 'Blerim Xhaferi (demo)', role: 'coordinator', org: 'local_government' },
			{ login: 'police', name: 'Goran Velkoski (demo)', role: 'member', org: 'police', locale: 'mk' },
			{ login: 'school', name: 'Snežana Ristoska (demo)', role: 'member', org: 'education' },
			{ login: 'health', name: 'Agim Fetai (demo)', role: 'member', org: 'health' }
		]
	},
	{
		slug: 'cair',
		name: 'Чаир',
		nameLatin: 'Čair',
		country: 'MK',
		timeZone: 'Europe/Skopje',
		targetMeetingIntervalDays: 30,
		organizations: orgs([
			['local_government', 'Municipality of Čair', 'Arta Bajrami', 20],
			['police', 'Police Station Čair', 'Besnik Zeqiri', 20],
			['social_welfare', 'Inter-municipal Centre for Social Work Skopje – Čair office', 'Fatmire Memeti', 19],
			['health', 'Health Centre Skopje – Čair unit', 'Valbona Shabani', 17],
			['education', 'Secondary school "Zef Lush Marku"', 'Driton Iseni', 15],
			['religious_community', 'Islamic Religious Community – Čair', 'Ramadan Osmani', 14],
			['civil_society', 'Association "Neighbourhood Voices" Čair', 'Lirije Useini', 12],
			['youth_council', 'Youth Council Čair', 'Edona Murati', 10],
			['international_partner', 'IOM Skopje', 'Paolo Ferraro', 8]
		]),
		people: [
			{ login: 'coordinator', name: 'Arta Bajrami (demo)', role: 'coordinator', org: 'local_government' },
			{ login: 'social', name: 'Fatmire Memeti (demo)', role: 'member', org: 'social_welfare', locale: 'sq' },
			{ login: 'police', name: 'Besnik Zeqiri (demo)', role: 'member', org: 'police' },
			{ login: 'youth', name: 'Edona Murati (demo)', role: 'member', org: 'youth_council' }
		]
	},
	{
		slug: 'tuzla',
		name: 'Tuzla',
		nameLatin: 'Tuzla',
		country: 'BA',
		timeZone: 'Europe/Sarajevo',
		targetMeetingIntervalDays: 30,
		organizations: orgs([
			['local_government', 'City of Tuzla', 'Amra Hadžić', 24],
			['police', 'Police Station Tuzla – Centar', 'Edin Begić', 24],
			['social_welfare', 'Centre for Social Work Tuzla', 'Mirza Mehmedović', 22],
			['health', 'Health Centre Tuzla', 'Selma Omerović', 21],
			['education', 'Gymnasium "Meša Selimović" Tuzla', 'Jasmina Kovačević', 20],
			['religious_community', 'Islamic Community – Majlis Tuzla', 'Haris Mujić', 18],
			['religious_community', 'Serbian Orthodox parish Tuzla', 'Dejan Simić', 18, { key: 'orthodox' }],
			['civil_society', 'Association "Young Cities Tuzla"', 'Lejla Softić', 16],
			['youth_council', 'Youth Council of the City of Tuzla', 'Tarik Halilović', 16],
			['media', 'Tuzla Local Radio', 'Ivana Marić', 10],
			['international_partner', 'OSCE Mission to Bosnia and Herzegovina – Field Office Tuzla', 'Jonas Keller', 14]
		]),
		people: [
			{ login: 'coordinator', name: 'Amra Hadžić (demo)', role: 'coordinator', org: 'local_government' },
			{ login: 'social', name: 'Mirza Mehmedović (demo)', role: 'member', org: 'social_welfare' },
			{ login: 'school', name: 'Jasmina Kovačević (demo)', role: 'member', org: 'education' },
			{ login: 'youth', name: 'Tarik Halilović (demo)', role: 'member', org: 'youth_council' }
		]
	},
	{
		slug: 'danilovgrad',
		name: 'Даниловград',
		nameLatin: 'Danilovgrad',
		country: 'ME',
		timeZone: 'Europe/Podgorica',
		// Quarterly: the SCN toolkit minimum, so health is judged against a looser cadence.
		targetMeetingIntervalDays: 92,
		organizations: orgs([
			['local_government', 'Municipality of Danilovgrad', 'Milica Vuković', 14],
			['police', 'Police Station Danilovgrad', 'Marko Radović', 14],
			['social_welfare', 'Centre for Social Work Danilovgrad', 'Jelena Popović', 13],
			['health', 'Health Centre Danilovgrad', 'Nikola Bulatović', 13],
			['education', 'Secondary school "Petar I Petrović Njegoš"', 'Ana Šćepanović', 12],
			['religious_community', 'Serbian Orthodox parish Danilovgrad', 'Vladimir Perović', 11],
			['civil_society', 'NGO "Zeta Forward"', 'Tamara Đurović', 9],
			['youth_council', 'Youth Council Danilovgrad', 'Luka Vujošević', 5],
			['business', 'Danilovgrad Business Association', 'Petar Mijović', 8]
		]),
		people: [
			{ login: 'coordinator', name: 'Milica Vuković (demo)', role: 'coordinator', org: 'local_government' },
			{ login: 'police', name: 'Marko Radović (demo)', role: 'member', org: 'police' },
			{ login: 'health', name: 'Nikola Bulatović (demo)', role: 'member', org: 'health' }
		]
	}
];

export const hubEmail = (login: string) => `${login}@${DEMO_DOMAIN}`;
export const boardEmail = (login: string, slug: string) => `${login}@${slug}.${DEMO_DOMAIN}`;
