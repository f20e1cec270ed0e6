import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { meetingsToICalendar, type IcsEvent } from './ics';

let n = 0;
function meeting(overrides: Partial<IcsEvent> = {}): IcsEvent {
	n += 1;
	return {
		uid: `meeting-${n}@roundtable.test`,
		start: new Date('2026-01-15T09:00:00Z'),
		end: new Date('2026-01-15T11:00:00Z'),
		timeZone: 'Europe/Skopje',
		summary: 'Local prevention council',
		updatedAt: new Date('2026-01-10T08:30:00Z'),
		...overrides
	};
}

/** Parse with ical.js, with every VTIMEZONE of the file registered as the brief's callers would. */
function parse(ics: string) {
	const calendar = new ICAL.Component(ICAL.parse(ics));
	for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
	const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
	return { calendar, events };
}

/** The instant a DTSTART/DTEND means, resolved through the zone registered from the file. */
function instantOf(vevent: ICAL.Component, name: 'dtstart' | 'dtend'): number {
	const prop = vevent.getFirstProperty(name)!;
	const tzid = prop.getParameter('tzid') as string | undefined;
	const time = prop.getFirstValue() as ICAL.Time;
	if (tzid) {
		expect(ICAL.TimezoneService.has(tzid)).toBe(true);
		const registered = ICAL.Time.fromData(
			{ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second },
			ICAL.TimezoneService.get(tzid)
		);
		expect(registered.toUnixTime()).toBe(time.toUnixTime());
	}
	return time.toUnixTime() * 1000;
}

function roundTrips(events: IcsEvent[]) {
	const { events: parsed } = parse(meetingsToICalendar({ events }));
	expect(parsed).toHaveLength(events.length);
	parsed.forEach((e, i) => {
		expect(e.uid).toBe(events[i].uid);
		expect(new Date(instantOf(e.component, 'dtstart')).toISOString()).toBe(events[i].start.toISOString());
		expect(new Date(instantOf(e.component, 'dtend')).toISOString()).toBe(events[i].end.toISOString());
	});
}

const lines = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');

afterEach(() => ICAL.TimezoneService.reset());

describe('time zones', () => {
	it.each(['Europe/Skopje', 'Europe/Sarajevo'])('writes %s meetings in local time that ical.js maps back to the instant', (timeZone) => {
		const winter = meeting({ timeZone, start: new Date('2026-01-15T09:00:00Z'), end: new Date('2026-01-15T11:30:00Z') });
		const summer = meeting({ timeZone, start: new Date('2026-07-15T08:00:00Z'), end: new Date('2026-07-15T10:00:00Z') });
		const ics = meetingsToICalendar({ events: [winter, summer] });
		expect(lines(ics)).toContain(`DTSTART;TZID=${timeZone}:20260115T100000`);
		expect(lines(ics)).toContain(`DTEND;TZID=${timeZone}:20260715T120000`);
		roundTrips([winter, summer]);
	});

	it('describes CET/CEST with the real 2026 transitions', () => {
		const ics = meetingsToICalendar({ events: [meeting({ timeZone: 'Europe/Sarajevo' })] });
		const vtimezone = ics.slice(ics.indexOf('BEGIN:VTIMEZONE'), ics.indexOf('END:VTIMEZONE'));
		expect(vtimezone.split('\r\n')).toEqual([
			'BEGIN:VTIMEZONE',
			'TZID:Europe/Sarajevo',
			...['BEGIN:STANDARD', 'DTSTART:20260101T000000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0100', 'TZNAME:CET', 'END:STANDARD'],
			...['BEGIN:DAYLIGHT', 'DTSTART:20260329T020000', 'TZOFFSETFROM:+0100', 'TZOFFSETTO:+0200', 'TZNAME:CEST', 'END:DAYLIGHT'],
			...['BEGIN:STANDARD', 'DTSTART:20261025T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'TZNAME:CET', 'END:STANDARD'],
			''
		]);
	});

	it('covers every year between the earliest and the latest meeting of a zone', () => {
		const ics = meetingsToICalendar({
			events: [meeting({ start: new Date('2025-02-01T09:00:00Z'), end: new Date('2025-02-01T10:00:00Z') }), meeting({ start: new Date('2027-11-01T09:00:00Z'), end: new Date('2027-11-01T10:00:00Z') })]
		});
		expect(ics.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
		const starts = lines(ics).filter((l) => /^DTSTART:\d{8}T\d{6}$/.test(l));
		expect(starts).toEqual([
			'DTSTART:20250101T000000',
			'DTSTART:20250330T020000',
			'DTSTART:20251026T030000',
			'DTSTART:20260329T020000',
			'DTSTART:20261025T030000',
			'DTSTART:20270328T020000',
			'DTSTART:20271031T030000'
		]);
	});

	it('keeps instants around the spring-forward and fall-back days of Skopje', () => {
		const at = (iso: string) => meeting({ start: new Date(iso), end: new Date(new Date(iso).getTime() + 30 * 60_000) });
		const spring = ['2026-03-29T00:00:00Z', '2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', '2026-03-29T08:00:00Z'];
		const autumn = ['2026-10-24T23:30:00Z', '2026-10-25T00:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:00:00Z', '2026-10-25T01:30:00Z', '2026-10-25T09:00:00Z'];
		roundTrips([...spring, ...autumn].map(at));
	});

	it('writes meetings touching the repeated hour after clocks go back in UTC, which no reader can misread', () => {
		const second = meeting({ start: new Date('2026-10-25T01:00:00Z'), end: new Date('2026-10-25T01:45:00Z') }); // 02:00–02:45 CET
		const first = meeting({ start: new Date('2026-10-24T23:00:00Z'), end: new Date('2026-10-25T00:30:00Z') }); // 01:00–02:30 CEST
		const after = meeting({ start: new Date('2026-10-25T02:00:00Z'), end: new Date('2026-10-25T03:00:00Z') }); // 03:00–04:00 CET
		const out = lines(meetingsToICalendar({ events: [second, first, after] }));
		expect(out).toEqual(expect.arrayContaining(['DTSTART:20261025T010000Z', 'DTEND:20261025T014500Z', 'DTSTART:20261024T230000Z', 'DTEND:20261025T003000Z']));
		expect(out).toContain('DTSTART;TZID=Europe/Skopje:20261025T030000');
	});

	it.each(['America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata'])(
		'round-trips instants through a year in %s',
		(timeZone) => {
			const events = Array.from({ length: 80 }, (_, i) => {
				const start = new Date(Date.UTC(2026, 0, 1) + i * 4.5 * 86_400_000 + i * 37 * 60_000);
				return meeting({ timeZone, start, end: new Date(start.getTime() + 90 * 60_000) });
			});
			roundTrips(events);
		}
	);

	it('gives a zone without transitions one STANDARD component, and labels southern summer time DAYLIGHT', () => {
		const tokyo = meetingsToICalendar({ events: [meeting({ timeZone: 'Asia/Tokyo' })] });
		expect(tokyo.match(/BEGIN:(STANDARD|DAYLIGHT)/g)).toEqual(['BEGIN:STANDARD']);
		expect(lines(tokyo)).toContain('TZOFFSETTO:+0900');

		const ny = lines(meetingsToICalendar({ events: [meeting({ timeZone: 'America/New_York' })] }));
		expect(ny.slice(ny.indexOf('DTSTART:20260308T020000') - 1, ny.indexOf('DTSTART:20260308T020000') + 4)).toEqual([
			'BEGIN:DAYLIGHT',
			'DTSTART:20260308T020000',
			'TZOFFSETFROM:-0500',
			'TZOFFSETTO:-0400',
			'TZNAME:EDT'
		]);

		const sydney = lines(meetingsToICalendar({ events: [meeting({ timeZone: 'Australia/Sydney' })] }));
		expect(sydney.slice(sydney.indexOf('BEGIN:VTIMEZONE') + 2, sydney.indexOf('BEGIN:VTIMEZONE') + 6)).toEqual([
			'BEGIN:DAYLIGHT',
			'DTSTART:20260101T000000',
			'TZOFFSETFROM:+1100',
			'TZOFFSETTO:+1100'
		]);
	});

	it('normalises the zone name and rejects unknown zones', () => {
		expect(lines(meetingsToICalendar({ events: [meeting({ timeZone: 'europe/skopje' })] }))).toContain('TZID:Europe/Skopje');
		expect(() => meetingsToICalendar({ events: [meeting({ timeZone: 'Europe/Atlantis' })] })).toThrow(RangeError);
	});
});

describe('text', () => {
	it('round-trips Cyrillic, Albanian letters, separators and newlines', () => {
		const summary = 'Совет за превенција; Këshilli, çështje \\ nr. 3';
		const description = 'Ред 1: точка; друга, трета\nRreshti 2: ë ç Ë Ç\r\nRed 3: čćžšđ "citat"';
		const location = 'Општина Тетово, сала 2; Komuna e Tetovës';
		const [event] = parse(meetingsToICalendar({ events: [meeting({ summary, description, location })] })).events;
		expect(event.summary).toBe(summary);
		expect(event.description).toBe(description.replace('\r\n', '\n'));
		expect(event.location).toBe(location);
	});

	it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
		const description = 'Записник од средбата со училиштата — ëçëç ÇËÇË 🙂 '.repeat(12);
		const calendarName = 'Календар на средби — Komuna e Gjilanit, Općina Zenica, Град Скопје';
		const ics = meetingsToICalendar({ calendarName, events: [meeting({ description })] });
		const bytes = Buffer.from(ics, 'utf8');
		const physical: Buffer[] = [];
		for (let from = 0, at = bytes.indexOf('\r\n'); at !== -1; from = at + 2, at = bytes.indexOf('\r\n', from)) physical.push(bytes.subarray(from, at));
		const decoder = new TextDecoder('utf-8', { fatal: true });
		for (const line of physical) {
			expect(line.length).toBeLessThanOrEqual(75);
			expect(() => decoder.decode(line)).not.toThrow();
		}
		expect(physical.filter((l) => l[0] === 0x20).length).toBeGreaterThan(10);
		expect(parse(ics).events[0].description).toBe(description);
		// ical.js does not know X-WR-CALNAME's type, so check its TEXT escaping on the unfolded line.
		expect(lines(ics)).toContain(`X-WR-CALNAME:${calendarName.replace(/,/g, '\\,')}`);
	});

	it('ends every line with CRLF and never uses a bare LF or CR', () => {
		const ics = meetingsToICalendar({ events: [meeting({ description: 'a\nb\rc\r\nd' })] });
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
	});
});

describe('event properties', () => {
	it('writes DTSTAMP and LAST-MODIFIED in UTC from updatedAt, plus status, sequence and url', () => {
		const ics = meetingsToICalendar({
			prodId: '-//Test//Test//EN',
			events: [meeting({ updatedAt: new Date('2026-02-03T04:05:06.789Z'), status: 'CANCELLED', sequence: 3, url: 'https://example.org/m/1?x=a b' })]
		});
		const out = lines(ics);
		expect(out).toEqual(expect.arrayContaining(['PRODID:-//Test//Test//EN', 'DTSTAMP:20260203T040506Z', 'LAST-MODIFIED:20260203T040506Z', 'STATUS:CANCELLED', 'SEQUENCE:3', 'URL:https://example.org/m/1?x=a%20b']));
		const [event] = parse(ics).events;
		expect(event.sequence).toBe(3);
		expect(event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
	});

	it('brings organizer and attendees through with CN, role and partstat', () => {
		const ics = meetingsToICalendar({
			events: [
				meeting({
					organizer: { name: 'Petrovska, Ana', email: 'ana@opstina.test' },
					attendees: [
						{ name: 'Arben Krasniqi', email: 'arben@shkolla.test', partstat: 'ACCEPTED', role: 'CHAIR' },
						{ name: 'Мирјана "Мира"; ОУ', email: 'mira@school.test', partstat: 'DECLINED', role: 'OPT-PARTICIPANT' },
						{ name: 'Edin: policija', partstat: 'TENTATIVE' }
					]
				})
			]
		});
		expect(lines(ics)).toContain('ORGANIZER;CN="Petrovska, Ana":mailto:ana@opstina.test');
		const [event] = parse(ics).events;
		const organizer = event.component.getFirstProperty('organizer')!;
		expect(organizer.getParameter('cn')).toBe('Petrovska, Ana');
		expect(event.organizer).toBe('mailto:ana@opstina.test');
		const attendees = event.attendees.map((a) => ({
			cn: a.getParameter('cn'),
			role: a.getParameter('role'),
			partstat: a.getParameter('partstat'),
			address: a.getFirstValue()
		}));
		expect(attendees.slice(0, 2)).toEqual([
			{ cn: 'Arben Krasniqi', role: 'CHAIR', partstat: 'ACCEPTED', address: 'mailto:arben@shkolla.test' },
			{ cn: 'Мирјана "Мира"; ОУ', role: 'OPT-PARTICIPANT', partstat: 'DECLINED', address: 'mailto:mira@school.test' }
		]);
		expect(attendees[2]).toMatchObject({ cn: 'Edin: policija', partstat: 'TENTATIVE' });
		expect(attendees[2].address).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('gives attendees without a usable email stable, distinct urn:uuid addresses', () => {
		const event = meeting({ attendees: [{ name: 'Vesna' }, { name: 'Vesna' }, { name: 'Ilir', email: 'not an email' }] });
		const addresses = (ics: string) => lines(ics).filter((l) => l.startsWith('ATTENDEE')).map((l) => l.replace(/^.*?:(?=mailto:|urn:)/, ''));
		const first = addresses(meetingsToICalendar({ events: [event] }));
		expect(first).toHaveLength(3);
		expect(new Set(first).size).toBe(3);
		for (const a of first) expect(a).toMatch(/^urn:uuid:/);
		expect(addresses(meetingsToICalendar({ events: [event] }))).toEqual(first);
	});

	it('gives an organizer without email the same address as the attendee of that name', () => {
		const ics = meetingsToICalendar({ events: [meeting({ organizer: { name: 'Vesna' }, attendees: [{ name: 'Ilir' }, { name: 'Vesna', role: 'CHAIR' }] })] });
		const [event] = parse(ics).events;
		expect(event.organizer).toMatch(/^urn:uuid:/);
		expect(event.attendees.map((a) => a.getFirstValue())).toEqual([expect.not.stringMatching(event.organizer), event.organizer]);
	});

	it('omits DTEND for a zero-length meeting and refuses one that ends before it starts', () => {
		const start = new Date('2026-05-05T10:00:00Z');
		const ics = meetingsToICalendar({ events: [meeting({ start, end: start })] });
		expect(ics).toContain('DTSTART;TZID=Europe/Skopje:20260505T120000');
		expect(ics).not.toContain('DTEND');
		expect(() => meetingsToICalendar({ events: [meeting({ start, end: new Date(start.getTime() - 1000) })] })).toThrow(RangeError);
		expect(() => meetingsToICalendar({ events: [meeting({ start: new Date('nope') })] })).toThrow(RangeError);
	});
});
