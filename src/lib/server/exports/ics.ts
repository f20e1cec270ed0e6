/**
 * iCalendar (RFC 5545) export of meetings. Pure: no I/O and no clock, so the same input gives
 * the same bytes (DTSTAMP comes from `updatedAt`).
 *
 * Times are `Date` instants (UTC by nature); each event is written in the wall-clock time of its
 * IANA zone with `TZID`, and every zone used gets a VTIMEZONE built from the platform's time-zone
 * data (Intl), covering Jan 1 of the earliest to Jan 1 after the latest local year of its events.
 * No METHOD property: this is a published calendar file, not an iTIP invitation, so clients
 * import it instead of treating it as a request to reply.
 */
import { createHash } from 'node:crypto';
import { formatter } from '$lib/domain/zoned-time';

export type IcsPartstat = 'ACCEPTED' | 'DECLINED' | 'TENTATIVE' | 'NEEDS-ACTION';
export type IcsRole = 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT' | 'CHAIR';
export type IcsStatus = 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';

export interface IcsPerson {
	name: string;
	email?: string | null;
}

export interface IcsAttendee extends IcsPerson {
	partstat?: IcsPartstat;
	role?: IcsRole;
}

export interface IcsEvent {
	/** Globally unique and stable across exports, e.g. `meeting-<uuid>@<host>`. */
	uid: string;
	/** Instants; sub-second precision is dropped. `end` before `start` throws; equal omits DTEND. */
	start: Date;
	end: Date;
	/** IANA name, e.g. `Europe/Skopje`; an unknown zone throws a RangeError. */
	timeZone: string;
	summary: string;
	description?: string | null;
	location?: string | null;
	/** Absolute URL; an invalid one throws. */
	url?: string | null;
	organizer?: IcsPerson | null;
	attendees?: readonly IcsAttendee[];
	/** Last change of the meeting: written as DTSTAMP and LAST-MODIFIED. */
	updatedAt: Date;
	status?: IcsStatus;
	/** Raise it on every change clients should notice (RFC 5545 §3.8.7.4). */
	sequence?: number;
}

export interface IcsCalendarInput {
	prodId?: string;
	calendarName?: string;
	events: readonly IcsEvent[];
}

const DAY = 86_400_000;

/** A VCALENDAR with one VEVENT per event, CRLF line endings, lines folded at 75 octets. */
export function meetingsToICalendar(input: IcsCalendarInput): string {
	const zones = new Map<string, ZoneUse>();
	const events: string[][] = [];
	for (const event of input.events) {
		const use = zoneFor(event.timeZone, zones);
		const zone = use.zone;
		const start = instant(event.start, 'start');
		const end = instant(event.end, 'end');
		if (end < start) throw new RangeError(`Event ${event.uid}: end is before start`);
		use.fromYear = Math.min(use.fromYear, new Date(zone.wall(start)).getUTCFullYear());
		use.toYear = Math.max(use.toYear, new Date(zone.wall(end)).getUTCFullYear());
		events.push(vevent(event, zone, start, end));
	}
	const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${text(input.prodId ?? '-//Roundtable//Meetings//EN')}`, 'CALSCALE:GREGORIAN'];
	if (input.calendarName) lines.push(`NAME:${text(input.calendarName)}`, `X-WR-CALNAME:${text(input.calendarName)}`);
	for (const { zone, fromYear, toYear } of zones.values()) lines.push(...vtimezone(zone, fromYear, toYear));
	for (const event of events) lines.push(...event);
	lines.push('END:VCALENDAR');
	return lines.map(fold).join('\r\n') + '\r\n';
}

function vevent(event: IcsEvent, zone: Zone, start: number, end: number): string[] {
	const lines = ['BEGIN:VEVENT', `UID:${text(event.uid)}`];
	const stamp = utc(instant(event.updatedAt, 'updatedAt'));
	lines.push(`DTSTAMP:${stamp}`, `LAST-MODIFIED:${stamp}`);
	// A local time that occurs twice (the hour when clocks go back) means its first occurrence in
	// RFC 5545 §3.3.5, but ical.js 2.2 reads the second, so readers disagree: write such meetings
	// in UTC, which every reader takes the same way.
	const local = !zone.ambiguous(start) && !zone.ambiguous(end);
	const at = (t: number) => (local ? `;TZID=${zone.id}:${wallString(zone.wall(t))}` : `:${utc(t)}`);
	lines.push(`DTSTART${at(start)}`);
	if (end > start) lines.push(`DTEND${at(end)}`);
	lines.push(`SUMMARY:${text(event.summary)}`);
	if (event.description) lines.push(`DESCRIPTION:${text(event.description)}`);
	if (event.location) lines.push(`LOCATION:${text(event.location)}`);
	if (event.url) lines.push(`URL:${new URL(event.url).href}`);
	if (event.status) lines.push(`STATUS:${event.status}`);
	if (event.sequence !== undefined) {
		if (!Number.isInteger(event.sequence) || event.sequence < 0) throw new RangeError(`Event ${event.uid}: bad sequence`);
		lines.push(`SEQUENCE:${event.sequence}`);
	}
	// Without email, the organizer gets the address of the first attendee with the same name.
	if (event.organizer) lines.push(`ORGANIZER;CN=${param(event.organizer.name)}:${calAddress(event.organizer, `${event.uid}\n1`)}`);
	const seen = new Map<string, number>();
	for (const a of event.attendees ?? []) {
		// Two attendees without email and with the same name still need distinct addresses.
		const n = (seen.get(a.name) ?? 0) + 1;
		seen.set(a.name, n);
		const params = [`CN=${param(a.name)}`, a.role && `ROLE=${a.role}`, a.partstat && `PARTSTAT=${a.partstat}`];
		lines.push(`ATTENDEE;${params.filter(Boolean).join(';')}:${calAddress(a, `${event.uid}\n${n}`)}`);
	}
	lines.push('END:VEVENT');
	return lines;
}

/**
 * CAL-ADDRESS is a URI (RFC 5545 §3.3.3); a name alone is not one. With a plausible email we
 * write `mailto:`. Without one we write a `urn:uuid:` (RFC 4122) hashed from the event UID and
 * the name: valid, stable across exports, keeps the person visible by CN, and, unlike a made-up
 * mailto, can never make a client send an invitation to a stranger. Malformed emails are
 * treated as missing rather than emitted as an invalid URI.
 */
function calAddress(person: IcsPerson, salt: string): string {
	const email = person.email?.trim();
	if (email && /^[^\s@<>()",;:\\[\]?#%]+@[^\s@<>()",;:\\[\]?#%]+\.[^\s@<>()",;:\\[\]?#%]+$/.test(email)) {
		return `mailto:${email}`;
	}
	const hash = createHash('sha1').update(`${salt}\n${person.name}`).digest();
	hash[6] = (hash[6] & 0x0f) | 0x50; // version 5 (name-based, SHA-1)
	hash[8] = (hash[8] & 0x3f) | 0x80; // RFC 4122 variant
	const hex = hash.subarray(0, 16).toString('hex');
	return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function vtimezone(zone: Zone, fromYear: number, toYear: number): string[] {
	// Local midnight of Jan 1; no zone changes its clocks then, so one offset lookup suffices.
	const localJan1 = (year: number) => Date.UTC(year, 0, 1) - zone.offset(Date.UTC(year, 0, 1)) * 1000;
	const from = localJan1(fromYear);
	const to = localJan1(toYear + 1);
	const first = zone.offset(from);
	const lines = ['BEGIN:VTIMEZONE', `TZID:${zone.id}`];
	const observance = (at: number, offsetFrom: number, offsetTo: number) => {
		const kind = zone.isDaylight(at, offsetTo) ? 'DAYLIGHT' : 'STANDARD';
		// DTSTART of an observance is the onset in the local time that was in force before it.
		lines.push(`BEGIN:${kind}`, `DTSTART:${wallString(at + offsetFrom * 1000)}`, `TZOFFSETFROM:${offsetString(offsetFrom)}`);
		lines.push(`TZOFFSETTO:${offsetString(offsetTo)}`, `TZNAME:${text(zone.name(at))}`, `END:${kind}`);
	};
	observance(from, first, first);
	for (const t of zone.transitions(from, to)) observance(t.at, t.from, t.to);
	lines.push('END:VTIMEZONE');
	return lines;
}

interface Zone {
	id: string;
	/** Wall-clock time at `t`, as milliseconds since the epoch read as if it were UTC. */
	wall(t: number): number;
	/** UTC offset in seconds at `t`. */
	offset(t: number): number;
	transitions(from: number, to: number): { at: number; from: number; to: number }[];
	ambiguous(t: number): boolean;
	isDaylight(t: number, offset: number): boolean;
	name(t: number): string;
}

type ZoneUse = { zone: Zone; fromYear: number; toYear: number };

function zoneFor(timeZone: string, zones: Map<string, ZoneUse>): ZoneUse {
	// Intl validates the name (RangeError) and normalises its case, e.g. europe/skopje.
	const dtf = formatter(timeZone);
	const id = dtf.resolvedOptions().timeZone;
	let entry = zones.get(id);
	if (!entry) {
		entry = { zone: makeZone(id, dtf), fromYear: Infinity, toYear: -Infinity };
		zones.set(id, entry);
	}
	return entry;
}

function makeZone(id: string, dtf: Intl.DateTimeFormat): Zone {
	const wall = (t: number) => {
		const p = Object.fromEntries(dtf.formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
		const d = new Date(Date.UTC(2000, p.month - 1, p.day, p.hour, p.minute, p.second));
		return d.setUTCFullYear(p.year);
	};
	const offset = (t: number) => {
		const s = Math.floor(t / 1000) * 1000;
		return (wall(s) - s) / 1000;
	};
	const zone: Zone = {
		id,
		wall,
		offset,
		transitions(from, to) {
			// Scan day by day, then binary-search the second the offset changed. Zones do not change
			// twice within a day, so daily steps cannot miss a transition.
			const found = [];
			let lo = from;
			let before = offset(from);
			for (let t = from + DAY; lo < to; t += DAY) {
				const hi0 = Math.min(t, to);
				if (offset(hi0) !== before) {
					let [a, b] = [lo, hi0];
					while (b - a > 1000) {
						const mid = a + Math.floor((b - a) / 2000) * 1000;
						if (offset(mid) === before) a = mid;
						else b = mid;
					}
					const after = offset(b);
					found.push({ at: b, from: before, to: after });
					before = after;
				}
				lo = hi0;
			}
			return found;
		},
		ambiguous(t) {
			const local = wall(t);
			for (const o of new Set([offset(t - DAY), offset(t + DAY)])) {
				const other = local - o * 1000;
				if (other !== Math.floor(t / 1000) * 1000 && offset(other) === o) return true;
			}
			return false;
		},
		isDaylight(t, o) {
			// Standard time is the year's smaller offset; this holds in both hemispheres.
			const year = new Date(t).getUTCFullYear();
			return o > Math.min(offset(Date.UTC(year, 0, 1)), offset(Date.UTC(year, 6, 1)));
		},
		name(t) {
			// en-US knows EST/PST, en-GB knows CET/CEST; elsewhere ICU gives e.g. "GMT+9".
			let fallback = '';
			for (const locale of ['en-US', 'en-GB']) {
				const parts = new Intl.DateTimeFormat(locale, { timeZone: id, timeZoneName: 'short' }).formatToParts(new Date(t));
				const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
				if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
				fallback ||= name;
			}
			return fallback || offsetString(offset(t));
		}
	};
	return zone;
}

function instant(d: Date, what: string): number {
	const t = d instanceof Date ? d.getTime() : NaN;
	if (Number.isNaN(t)) throw new RangeError(`Invalid ${what} date`);
	return Math.floor(t / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function wallString(ms: number): string {
	const d = new Date(ms);
	return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

const utc = (ms: number) => `${wallString(ms)}Z`;

function offsetString(seconds: number): string {
	const abs = Math.abs(seconds);
	const s = abs % 60;
	return `${seconds < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}${pad(Math.floor(abs / 60) % 60)}${s ? pad(s) : ''}`;
}

/** TEXT value (§3.3.11): escape backslash, `;`, `,`, newlines; drop other control characters. */
function text(value: string): string {
	return value
		.replace(/\r\n?/g, '\n')
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
		.replace(/[\\;,]/g, (c) => `\\${c}`)
		.replace(/\n/g, '\\n');
}

/**
 * Parameter value (§3.2): quoted when it holds `:`, `;` or `,`. A double quote or newline cannot
 * appear even quoted, so they use RFC 6868 caret escapes (`^'`, `^n`, `^^` for a caret).
 */
function param(value: string): string {
	const escaped = value
		.replace(/\r\n?/g, '\n')
		.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
		.replace(/[\^"\n]/g, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'));
	return /[:;,]/.test(escaped) ? `"${escaped}"` : escaped;
}

/** Fold at 75 octets (§3.1) between characters, never inside a UTF-8 sequence. */
function fold(line: string): string {
	let out = '';
	let octets = 0;
	for (const ch of line) {
		const cp = ch.codePointAt(0)!;
		const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (octets + size > 75) {
			out += '\r\n ';
			octets = 1;
		}
		out += ch;
		octets += size;
	}
	return out;
}
