/**
 * Wall-clock date and time in an IANA time zone ↔ instants, with the platform's time-zone data
 * (Intl), no library. Forms take a meeting's date and times as the municipality's clocks show
 * them; the database stores instants (timestamptz).
 *
 * Daylight saving time follows Temporal's 'compatible' rule, which calendars use too:
 * - a time that occurs twice (clocks go back) means its first occurrence;
 * - a time that never occurs (clocks go forward) is moved forward by the gap, so 02:30 on the
 *   spring-forward night in Skopje is 03:30 CEST.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const HOUR = 3_600_000;

/** Formatters are costly to build; one per zone, shared (they hold no request state). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A formatter of a zone's wall clock in numeric parts (24-hour, en-US), the one way this app
 * reads a zone's clock; also used for the VTIMEZONE of iCalendar exports.
 */
export function formatter(timeZone: string): Intl.DateTimeFormat {
	let dtf = formatters.get(timeZone);
	if (!dtf) {
		// Throws a RangeError for an unknown zone.
		dtf = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formatters.set(timeZone, dtf);
	}
	return dtf;
}

/** The wall clock at instant `t`, as milliseconds since the epoch read as if it were UTC. */
function wall(t: number, timeZone: string): number {
	const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
	const d = new Date(Date.UTC(2000, p.month - 1, p.day, p.hour, p.minute, p.second));
	return d.setUTCFullYear(p.year);
}

/** The zone's offset from UTC at instant `t`, in milliseconds. */
function offset(t: number, timeZone: string): number {
	const s = Math.floor(t / 1000) * 1000;
	return wall(s, timeZone) - s;
}

/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isDate(value: string): boolean {
	const m = DATE.exec(value);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(2000, mo - 1, d));
	date.setUTCFullYear(y);
	return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A time of day written HH:MM, 00:00–23:59. */
export const isTime = (value: string): boolean => TIME.test(value);

/**
 * The instant at which clocks in `timeZone` show `date` (YYYY-MM-DD) and `time` (HH:MM).
 * Throws a RangeError for a malformed date or time or an unknown zone.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
	if (!isDate(date)) throw new RangeError(`Not a date: ${date}`);
	if (!isTime(time)) throw new RangeError(`Not a time: ${time}`);
	const [y, mo, d] = date.split('-').map(Number);
	const [h, mi] = time.split(':').map(Number);
	const local = new Date(Date.UTC(2000, mo - 1, d, h, mi)).setUTCFullYear(y);
	// The offsets in force a day either side: no zone changes its clocks twice within two days.
	const before = offset(local - 24 * HOUR, timeZone);
	const after = offset(local + 24 * HOUR, timeZone);
	const candidates = [...new Set([before, after])]
		.map((o) => local - o)
		.filter((t) => wall(t, timeZone) === local)
		.sort((a, b) => a - b);
	// Twice (clocks went back): the first. Never (clocks went forward): read it with the offset
	// from before the change, which lands as far after the gap as the time was into it.
	return new Date(candidates.length ? candidates[0] : local - before);
}

/** What clocks in `timeZone` show at `instant`: { date: 'YYYY-MM-DD', time: 'HH:MM' }. */
export function utcToZoned(instant: Date, timeZone: string): { date: string; time: string } {
	const iso = new Date(wall(instant.getTime(), timeZone)).toISOString();
	return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
