import { describe, expect, it } from 'vitest';
import { isDate, isTime, utcToZoned, zonedToUtc } from './zoned-time';

const utc = (date: string, time: string, zone: string) => zonedToUtc(date, time, zone).toISOString();

describe('zonedToUtc', () => {
	it.each(['Europe/Skopje', 'Europe/Sarajevo', 'Europe/Podgorica'])('reads %s as CET in winter and CEST in summer', (zone) => {
		expect(utc('2026-01-15', '10:00', zone)).toBe('2026-01-15T09:00:00.000Z');
		expect(utc('2026-07-15', '10:00', zone)).toBe('2026-07-15T08:00:00.000Z');
	});

	it('crosses the spring-forward night: before and after the jump', () => {
		// 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z).
		expect(utc('2026-03-29', '01:59', 'Europe/Skopje')).toBe('2026-03-29T00:59:00.000Z');
		expect(utc('2026-03-29', '03:00', 'Europe/Skopje')).toBe('2026-03-29T01:00:00.000Z');
		expect(utc('2026-03-28', '18:00', 'Europe/Skopje')).toBe('2026-03-28T17:00:00.000Z');
		expect(utc('2026-03-30', '18:00', 'Europe/Skopje')).toBe('2026-03-30T16:00:00.000Z');
	});

	it('moves a time that does not exist forward by the gap', () => {
		expect(utc('2026-03-29', '02:30', 'Europe/Sarajevo')).toBe('2026-03-29T01:30:00.000Z');
		expect(utcToZoned(zonedToUtc('2026-03-29', '02:30', 'Europe/Sarajevo'), 'Europe/Sarajevo')).toEqual({ date: '2026-03-29', time: '03:30' });
	});

	it('takes the first of a time that occurs twice', () => {
		// 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z.
		expect(utc('2026-10-25', '02:30', 'Europe/Skopje')).toBe('2026-10-25T00:30:00.000Z');
		expect(utc('2026-10-25', '03:00', 'Europe/Skopje')).toBe('2026-10-25T02:00:00.000Z');
		expect(utc('2026-10-25', '01:59', 'Europe/Skopje')).toBe('2026-10-24T23:59:00.000Z');
	});

	it('handles the southern hemisphere and offsets that are not whole hours', () => {
		expect(utc('2026-01-15', '10:00', 'Australia/Sydney')).toBe('2026-01-14T23:00:00.000Z');
		expect(utc('2026-07-15', '10:00', 'Australia/Sydney')).toBe('2026-07-15T00:00:00.000Z');
		expect(utc('2026-01-15', '10:00', 'Asia/Kathmandu')).toBe('2026-01-15T04:15:00.000Z');
		expect(utc('2026-07-15', '10:00', 'America/St_Johns')).toBe('2026-07-15T12:30:00.000Z');
		expect(utc('2026-07-15', '10:00', 'UTC')).toBe('2026-07-15T10:00:00.000Z');
	});

	it('refuses malformed dates, times and zones', () => {
		expect(() => zonedToUtc('2026-02-30', '10:00', 'Europe/Skopje')).toThrow(RangeError);
		expect(() => zonedToUtc('2026-01-15', '24:00', 'Europe/Skopje')).toThrow(RangeError);
		expect(() => zonedToUtc('2026-01-15', '10:00', 'Mars/Olympus')).toThrow(RangeError);
	});
});

describe('utcToZoned', () => {
	it('shows the wall clock of the zone, also across midnight', () => {
		expect(utcToZoned(new Date('2026-07-15T08:00:00Z'), 'Europe/Skopje')).toEqual({ date: '2026-07-15', time: '10:00' });
		expect(utcToZoned(new Date('2026-12-31T23:30:00Z'), 'Europe/Sarajevo')).toEqual({ date: '2027-01-01', time: '00:30' });
	});

	it('round-trips every quarter hour of a year in Skopje (the repeated hour to its first occurrence)', () => {
		let checked = 0;
		for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000) {
			const { date, time } = utcToZoned(new Date(t), 'Europe/Skopje');
			const back = zonedToUtc(date, time, 'Europe/Skopje').getTime();
			// In the repeated hour the wall clock maps back to its first occurrence, an hour earlier.
			expect(back === t || back === t - 3_600_000).toBe(true);
			checked++;
		}
		expect(checked).toBe(365 * 96);
	});
});

describe('isDate and isTime', () => {
	it('accept real dates and times only', () => {
		expect(isDate('2028-02-29')).toBe(true);
		expect(isDate('2026-02-29')).toBe(false);
		expect(isDate('2026-1-5')).toBe(false);
		expect(isTime('00:00')).toBe(true);
		expect(isTime('23:59')).toBe(true);
		expect(isTime('9:30')).toBe(false);
		expect(isTime('12:60')).toBe(false);
	});
});
