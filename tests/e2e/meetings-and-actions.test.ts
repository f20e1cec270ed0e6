import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import type { Locator, Page, Response } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { createActionItem, demoUser, formPostHeaders, heading, samplePdf, signIn, uniqueTitle, useBrowser, visit } from './helpers';

/**
 * The meeting-to-action loop in the browser: the coordinator schedules a meeting and records a
 * decision that raises an item for the police; the police update it and everyone's open pages
 * follow; an observer reads but cannot write; calendars, the CSV export and files hold up.
 */
const { baseUrl, newPage } = useBrowser();

const POLICE = 'Police Station Kumanovo';
const YOUTH = 'Youth Council Kumanovo';
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
/** Next year's days with and without daylight saving time in force. */
const SUMMER_DAY = `${NEXT_YEAR}-07-15`;
const WINTER_DAY = `${NEXT_YEAR}-01-20`;
const LIVE_MS = 10_000;

async function signedIn(login: string, town = 'kumanovo'): Promise<Page> {
	const page = await newPage();
	await signIn(page, demoUser(login, town));
	return page;
}

/**
 * Opens a board page and waits until its live-update stream is open: the stream starts once
 * the page has hydrated, so this is also the page's ready signal.
 */
async function openLive(page: Page, path: string): Promise<void> {
	const slug = path.split('/')[2];
	const stream = page.waitForResponse((r) => new URL(r.url()).pathname === `/m/${slug}/events`);
	await visit(page, path);
	expect((await stream).status()).toBe(200);
}

/** Clicks a form's button and waits for the POST it sends (enhanced or not) to be answered. */
async function send(form: Locator, button: string): Promise<Response> {
	const page = form.page();
	const path = new URL(page.url()).pathname;
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path),
		form.getByRole('button', { name: button, exact: true }).click()
	]);
	return response;
}

/** A mark on the page's window: it survives live updates and is gone after a reload. */
type Marked = { notReloaded?: boolean };
const markWindow = (page: Page) => page.evaluate(() => void ((window as Marked).notReloaded = true));
const stillMarked = (page: Page) => page.evaluate(() => (window as Marked).notReloaded === true);

interface Schedule {
	title: string;
	date: string;
	start: string;
	end: string;
	place?: string;
}

/** Schedules a meeting through the form; returns the meeting page's path and the meeting's id. */
async function scheduleMeeting(page: Page, slug: string, meeting: Schedule): Promise<{ path: string; id: string }> {
	await openLive(page, `/m/${slug}/meetings/new`);
	await page.getByLabel('Title', { exact: true }).fill(meeting.title);
	await page.getByLabel('Date', { exact: true }).fill(meeting.date);
	await page.getByLabel('Starts at', { exact: true }).fill(meeting.start);
	await page.getByLabel('Ends at', { exact: true }).fill(meeting.end);
	if (meeting.place) await page.getByLabel('Place', { exact: true }).fill(meeting.place);
	await Promise.all([
		page.waitForURL(new RegExp(`/m/${slug}/meetings/[0-9a-f-]{36}$`)),
		page.getByRole('button', { name: 'Schedule the meeting', exact: true }).click()
	]);
	await heading(page, meeting.title);
	const path = new URL(page.url()).pathname;
	return { path, id: path.split('/').pop()! };
}

interface Raised {
	meeting: Schedule & { path: string; id: string };
	agendaTitle: string;
	agendaItemId: string;
	decisionText: string;
	itemTitle: string;
	itemId: string;
	policeId: string;
}

/** The decisions recorded under an agenda item: the list right after its heading. */
const decisionsUnder = (page: Page, agendaTitle: string) =>
	page
		.getByRole('region', { name: 'Decisions' })
		.getByRole('heading', { level: 3, name: agendaTitle, exact: true })
		.locator('xpath=following-sibling::ol[1]');

/**
 * The scenario's first part, through the coordinator's meeting page: schedule, one agenda item
 * presented by the police, attendance (police present, youth council excused), and a decision
 * under that agenda item raising an action item owned by the police, in one step.
 */
async function raisePoliceItem(page: Page): Promise<Raised> {
	const schedule = { title: uniqueTitle('Prevention council'), date: SUMMER_DAY, start: '17:30', end: '19:00', place: 'City hall, room 2' };
	const meeting = { ...schedule, ...(await scheduleMeeting(page, 'kumanovo', schedule)) };

	const agendaTitle = uniqueTitle('Safe routes to school');
	await page.getByText('Add an agenda item', { exact: true }).and(page.locator('summary')).click();
	const addAgenda = page.locator('form[action="?/addAgendaItem"]');
	await addAgenda.getByLabel('Agenda item', { exact: true }).fill(agendaTitle);
	await addAgenda.getByLabel('Presented by', { exact: true }).selectOption({ label: POLICE });
	await addAgenda.getByLabel('Minutes', { exact: true }).fill('20');
	expect((await send(addAgenda, 'Add an agenda item')).status()).toBe(200);
	await page.getByRole('region', { name: 'Agenda' }).getByRole('listitem').filter({ hasText: agendaTitle }).waitFor();

	const attendance = page.locator('form[action="?/attendance"]');
	await attendance.getByRole('radio', { name: `${POLICE}: Present`, exact: true }).check();
	await attendance.getByRole('radio', { name: `${YOUTH}: Excused`, exact: true }).check();
	expect((await send(attendance, 'Save attendance')).status()).toBe(200);
	await attendance.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

	const decisionText = uniqueTitle('Police patrols near the school at 7:30 and 13:00');
	const itemTitle = uniqueTitle('Patrol plan for the school route');
	const decide = page.locator('form[action="?/decide"]');
	await decide.getByLabel('Decision', { exact: true }).fill(decisionText);
	const underItem = decide.getByLabel('Under agenda item', { exact: true });
	await underItem.selectOption({ label: `1. ${agendaTitle}` });
	await decide.getByText('Also create an action item', { exact: true }).click();
	await decide.getByLabel('Action item', { exact: true }).fill(itemTitle);
	const owner = decide.getByLabel('Organization responsible', { exact: true });
	await owner.selectOption({ label: POLICE });
	await decide.getByLabel('Due date', { exact: true }).fill(`${NEXT_YEAR}-09-30`);
	const agendaItemId = await underItem.inputValue();
	const policeId = await owner.inputValue();
	expect((await send(decide, 'Record the decision')).status()).toBe(200);

	const link = decisionsUnder(page, agendaTitle).getByRole('listitem').filter({ hasText: decisionText }).getByRole('link', { name: itemTitle, exact: true });
	await link.waitFor();
	const itemId = /\/m\/kumanovo\/actions\/([0-9a-f-]{36})$/.exec((await link.getAttribute('href')) ?? '')?.[1];
	if (!itemId) throw new Error(`no action item link under the decision: ${await link.getAttribute('href')}`);
	return { meeting, agendaTitle, agendaItemId, decisionText, itemTitle, itemId, policeId };
}

// One meeting and item for the tests below, made (and checked) by the first test that needs them.
let raised: Promise<Raised> | undefined;
const policeItem = (coordinator: Page) => (raised ??= raisePoliceItem(coordinator));

/** The Recently changed entry of an item on the board overview. */
const recentEntry = (page: Page, title: string) => page.getByTestId('recent-items').getByRole('listitem').filter({ hasText: title });

/** An item's card in a column of the plan's status view ("In progress (3)"). */
const cardInColumn = (page: Page, status: string, title: string) =>
	page
		.getByRole('region', { name: new RegExp(`^${status} \\(\\d+\\)$`) })
		.getByRole('article', { name: title, exact: true });

/** The entries of an item's history (each with its changes and comment). */
const historyEntries = (page: Page) => page.getByTestId('history').locator(':scope > li');

/** What clocks in `timeZone` show at `instant`, as 'YYYY-MM-DDTHH:MM'. */
function wallClock(instant: number, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
		.formatToParts(instant)
		.reduce<Record<string, string>>((all, p) => ({ ...all, [p.type]: p.value }), {});
	return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The UTC instant at which clocks in `timeZone` show `date` `time` (not near a clock change). */
function zonedInstant(date: string, time: string, timeZone: string): number {
	const local = Date.parse(`${date}T${time}:00Z`);
	const offsetAt = (instant: number) => Date.parse(`${wallClock(instant, timeZone)}:00Z`) - instant;
	const instant = local - offsetAt(local - offsetAt(local));
	expect(wallClock(instant, timeZone)).toBe(`${date}T${time}`);
	return instant;
}

afterEach(() => ICAL.TimezoneService.reset());

/** A meeting's .ics as its page links it, fetched with the page's cookies; returns the meeting's VEVENT. */
async function calendarEvent(page: Page): Promise<ICAL.Component> {
	const href = await page.getByRole('link', { name: 'Add to calendar (.ics)', exact: true }).getAttribute('href');
	const response = await page.request.get(href!);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^text\/calendar/);
	const calendar = new ICAL.Component(ICAL.parse(await response.text()));
	for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
	const events = calendar.getAllSubcomponents('vevent');
	expect(events).toHaveLength(1);
	return events[0];
}

/** A DTSTART/DTEND as an instant, resolved through the VTIMEZONE the file carries for its TZID. */
function instantOf(event: ICAL.Component, name: 'dtstart' | 'dtend', timeZone: string): number {
	const prop = event.getFirstProperty(name)!;
	expect(prop.getParameter('tzid')).toBe(timeZone);
	expect(ICAL.TimezoneService.has(timeZone)).toBe(true);
	const time = prop.getFirstValue() as ICAL.Time;
	const zoned = ICAL.Time.fromData(
		{ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second },
		ICAL.TimezoneService.get(timeZone)
	);
	return zoned.convertToZone(ICAL.Timezone.utcTimezone).toJSDate().getTime();
}

describe('meetings and the action plan', () => {
	test('the coordinator schedules a meeting, takes attendance and records a decision that raises a police item', async () => {
		const coordinator = await signedIn('coordinator');
		const r = await policeItem(coordinator);

		// What was recorded is there after a fresh load.
		await openLive(coordinator, r.meeting.path);
		await heading(coordinator, r.meeting.title);
		const agendaEntry = coordinator.getByRole('region', { name: 'Agenda' }).getByRole('listitem').filter({ hasText: r.agendaTitle });
		expect(await agendaEntry.textContent()).toContain(`${POLICE} · 20 min`);
		// Its slot starts with the meeting, on Kumanovo's clocks.
		expect(await agendaEntry.textContent()).toMatch(/5:30\sPM–5:50\sPM/);
		const attendance = coordinator.locator('form[action="?/attendance"]');
		expect(await attendance.getByRole('radio', { name: `${POLICE}: Present`, exact: true }).isChecked()).toBe(true);
		expect(await attendance.getByRole('radio', { name: `${YOUTH}: Excused`, exact: true }).isChecked()).toBe(true);
		const decision = decisionsUnder(coordinator, r.agendaTitle).getByRole('listitem').filter({ hasText: r.decisionText });
		const item = decision.getByRole('listitem').filter({ hasText: r.itemTitle });
		expect(await item.count()).toBe(1);
		expect(await item.textContent()).toContain(POLICE);
		expect(await item.textContent()).toContain('Not started');

		// The item knows the meeting it was raised in.
		await item.getByRole('link', { name: r.itemTitle }).click();
		await heading(coordinator, r.itemTitle);
		expect(new URL(coordinator.url()).pathname).toBe(`/m/kumanovo/actions/${r.itemId}`);
		expect(await coordinator.getByRole('link', { name: 'the meeting', exact: true }).getAttribute('href')).toBe(r.meeting.path);
	});

	test('the police mark the item in progress in two clicks; the coordinator’s open board and plan follow without reload', async () => {
		const coordinator = await signedIn('coordinator');
		const r = await policeItem(coordinator);
		const board = coordinator;
		await openLive(board, '/m/kumanovo');
		const plan = await coordinator.context().newPage();
		await openLive(plan, '/m/kumanovo/actions');
		expect(await recentEntry(board, r.itemTitle).textContent()).toContain('Not started');
		await cardInColumn(plan, 'Not started', r.itemTitle).waitFor();
		await Promise.all([markWindow(board), markWindow(plan)]);

		const police = await signedIn('police');
		await openLive(police, '/m/kumanovo/actions');
		// The landing view is the member's organization's items, with the update form open.
		expect(new URL(police.url()).search).toBe('');
		expect(await police.getByLabel('Whose items').inputValue()).toBe('organization');
		const card = police.getByRole('article', { name: r.itemTitle, exact: true });
		const comment = `Patrols start on Monday ${uniqueTitle('#')}`;
		await card.getByRole('radio', { name: 'In progress', exact: true }).click();
		await card.getByLabel('Comment (optional)', { exact: true }).fill(comment);
		const [saved] = await Promise.all([
			police.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/m/kumanovo/actions'),
			card.getByRole('button', { name: 'Save update', exact: true }).click()
		]);
		expect(saved.status()).toBe(200);

		// Live, over server-sent events: no reload on either of the coordinator's pages.
		await recentEntry(board, r.itemTitle).filter({ hasText: 'In progress' }).waitFor({ timeout: LIVE_MS });
		await cardInColumn(plan, 'In progress', r.itemTitle).waitFor({ timeout: LIVE_MS });
		expect(await cardInColumn(plan, 'Not started', r.itemTitle).count()).toBe(0);
		expect(await stillMarked(board)).toBe(true);
		expect(await stillMarked(plan)).toBe(true);

		// The history says who changed what, with the comment.
		await plan.getByRole('link', { name: r.itemTitle, exact: true }).click();
		await heading(plan, r.itemTitle);
		const latest = historyEntries(plan).first();
		expect(await latest.textContent()).toContain('Dragan Petrovski (demo)');
		expect(await latest.textContent()).toContain('Status: Not started → In progress');
		expect(await latest.getByRole('blockquote').textContent()).toBe(comment);
	});

	test('an observer reads the meeting and the item, has no forms, and forged posts change nothing', async () => {
		const coordinator = await signedIn('coordinator');
		const r = await policeItem(coordinator);
		const observer = await signedIn('observer');

		await visit(observer, r.meeting.path);
		await heading(observer, r.meeting.title);
		const decision = decisionsUnder(observer, r.agendaTitle).getByRole('listitem').filter({ hasText: r.decisionText });
		expect(await decision.getByRole('link', { name: r.itemTitle, exact: true }).count()).toBe(1);
		const police = observer.getByRole('region', { name: 'Attendance' }).getByRole('listitem').filter({ hasText: POLICE });
		expect(await police.textContent()).toContain('Present');
		expect(await observer.locator('main form').count()).toBe(0);

		await visit(observer, `/m/kumanovo/actions/${r.itemId}`);
		await heading(observer, r.itemTitle);
		expect(await observer.locator('main form').count()).toBe(0);
		await visit(observer, '/m/kumanovo/actions');
		const card = observer.getByRole('article', { name: r.itemTitle, exact: true });
		await card.waitFor();
		expect(await card.locator('form, button').count()).toBe(0);

		const itemPath = `/m/kumanovo/actions/${r.itemId}`;
		await visit(coordinator, itemPath);
		await heading(coordinator, r.itemTitle);
		const itemBefore = await coordinator.locator('main').textContent();

		const forged = `Forged by the observer ${uniqueTitle('#')}`;
		const post = (path: string, form: Record<string, string>) =>
			observer.request.post(`${baseUrl}${path}`, { form, headers: formPostHeaders(baseUrl), maxRedirects: 0 });
		const progress = { status: 'done', progress: '100', comment: forged };
		expect((await post(`${itemPath}?/progress`, progress)).status()).toBe(403);
		expect((await post('/m/kumanovo/actions?/progress', { ...progress, id: r.itemId })).status()).toBe(403);
		const decide = await post(`${r.meeting.path}?/decide`, {
			formKey: 'any',
			text: forged,
			agendaItemId: r.agendaItemId,
			actionTitle: forged,
			actionOwnerId: r.policeId
		});
		expect(decide.status()).toBe(403);
		// Refused by the role check (the error page), not by SvelteKit's cross-site guard.
		expect(await decide.text()).toContain('Not allowed');

		await visit(coordinator, itemPath);
		await heading(coordinator, r.itemTitle);
		// Status, progress, "last updated" and history: the page reads as it did.
		expect(await coordinator.locator('main').textContent()).toBe(itemBefore);
		expect(itemBefore).not.toContain(forged);
		await visit(coordinator, r.meeting.path);
		await heading(coordinator, r.meeting.title);
		expect(await coordinator.getByRole('region', { name: 'Decisions' }).textContent()).not.toContain(forged);
		await visit(coordinator, '/m/kumanovo/actions');
		expect(await coordinator.getByRole('article', { name: forged }).count()).toBe(0);
	});

	test('a meeting’s .ics starts at the scheduled local time, in Skopje in summer and in Sarajevo in winter', async () => {
		const coordinator = await signedIn('coordinator');
		const r = await policeItem(coordinator);
		await visit(coordinator, r.meeting.path);
		await heading(coordinator, r.meeting.title);
		const kumanovo = await calendarEvent(coordinator);
		expect(kumanovo.getFirstPropertyValue('summary')).toBe(r.meeting.title);
		expect(instantOf(kumanovo, 'dtstart', 'Europe/Skopje')).toBe(zonedInstant(SUMMER_DAY, '17:30', 'Europe/Skopje'));
		expect(instantOf(kumanovo, 'dtend', 'Europe/Skopje')).toBe(zonedInstant(SUMMER_DAY, '19:00', 'Europe/Skopje'));
		ICAL.TimezoneService.reset();

		const tuzla = await signedIn('coordinator', 'tuzla');
		const title = uniqueTitle('Sigurna zajednica');
		await scheduleMeeting(tuzla, 'tuzla', { title, date: WINTER_DAY, start: '09:00', end: '10:30' });
		const winter = await calendarEvent(tuzla);
		expect(winter.getFirstPropertyValue('summary')).toBe(title);
		expect(instantOf(winter, 'dtstart', 'Europe/Sarajevo')).toBe(zonedInstant(WINTER_DAY, '09:00', 'Europe/Sarajevo'));
		expect(instantOf(winter, 'dtend', 'Europe/Sarajevo')).toBe(zonedInstant(WINTER_DAY, '10:30', 'Europe/Sarajevo'));

		// Another board's coordinator cannot fetch Kumanovo's calendar file.
		expect((await tuzla.request.get(`${r.meeting.path}/calendar.ics`)).status()).toBe(404);
	});

	test('the CSV export is a UTF-8 download with a BOM that keeps Cyrillic and Albanian letters', async () => {
		const coordinator = await signedIn('coordinator');
		const title = uniqueTitle('Безбедност ë ç');
		await createActionItem(coordinator, 'kumanovo', { title, owner: POLICE });
		await visit(coordinator, '/m/kumanovo/actions');
		const link = coordinator.getByRole('link', { name: 'Download as CSV', exact: true });
		const href = (await link.getAttribute('href'))!;
		expect(new URL(href, baseUrl).pathname).toBe('/m/kumanovo/actions/export.csv');

		const response = await coordinator.request.get(href);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
		expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="action-plan-kumanovo-\d{4}-\d{2}-\d{2}\.csv"$/);
		const bytes = await response.body();
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
		const lines = text.slice(1).split(/\r?\n/);
		expect(lines[0]).toMatch(/^Title,Objective,Owner organization,/);
		const row = lines.find((line) => line.startsWith(`${title},`));
		expect(row, `no row for ${title} in:\n${text.slice(0, 2000)}`).toBeDefined();
		expect(row).toContain(`,${POLICE},`);

		// Clicking the link saves the same kind of file.
		const [download] = await Promise.all([coordinator.waitForEvent('download'), link.click()]);
		expect(download.suggestedFilename()).toMatch(/^action-plan-kumanovo-\d{4}-\d{2}-\d{2}\.csv$/);
		const saved = await readFile((await download.path())!);
		expect([...saved.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(saved.toString('utf8')).toContain(`${title},`);
	});

	test('the coordinator attaches a PDF to the meeting and downloads it; an HTML file named .pdf is refused', async () => {
		const coordinator = await signedIn('coordinator');
		const r = await policeItem(coordinator);
		await visit(coordinator, r.meeting.path);
		await heading(coordinator, r.meeting.title);
		const files = coordinator.getByRole('region', { name: 'Files' });
		const choose = files.getByLabel('Add a file (agenda, presentation, photo of a flip chart)');
		const name = `${uniqueTitle('agenda').replace(/ /g, '-')}.pdf`;
		const pdf = samplePdf(name);

		await choose.setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
		await Promise.all([coordinator.waitForURL((url) => url.searchParams.get('attachment') === 'added'), files.getByRole('button', { name: 'Upload', exact: true }).click()]);
		await files.getByRole('status').filter({ hasText: 'The file was added.' }).waitFor();
		const link = files.getByRole('link', { name, exact: true });
		const href = (await link.getAttribute('href'))!;
		expect(href).toMatch(/^\/m\/kumanovo\/attachments\/[0-9a-f-]{36}$/);

		const response = await coordinator.request.get(href);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('application/pdf');
		expect(response.headers()['content-disposition']).toMatch(new RegExp(`^attachment; filename="${name}"`));
		expect(response.headers()['x-content-type-options']).toBe('nosniff');
		expect(Buffer.compare(await response.body(), pdf)).toBe(0);
		const [download] = await Promise.all([coordinator.waitForEvent('download'), link.click()]);
		expect(download.suggestedFilename()).toBe(name);
		expect(Buffer.compare(await readFile((await download.path())!), pdf)).toBe(0);

		const disguised = `${uniqueTitle('minutes').replace(/ /g, '-')}.pdf`;
		await choose.setInputFiles({ name: disguised, mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><script>alert(document.cookie)</script>') });
		await Promise.all([
			coordinator.waitForURL((url) => url.searchParams.get('attachment_error') === 'file_type'),
			files.getByRole('button', { name: 'Upload', exact: true }).click()
		]);
		const alert = files.getByRole('alert');
		await alert.waitFor();
		expect(await alert.textContent()).toContain('This kind of file is not accepted.');
		expect(await files.getByRole('link', { name: disguised }).count()).toBe(0);
		expect(await files.getByRole('link', { name, exact: true }).count()).toBe(1);
	});
});
