import { describe, expect, it } from 'vitest';
import {
	agendaOverrun,
	agendaSlots,
	approvalRefusal,
	currentItem,
	meetingPhase,
	moveInOrder,
	organizationStatuses,
	partstat,
	recordLock
} from './meetings';

const at = (iso: string) => new Date(iso);
const meeting = (overrides: Partial<Parameters<typeof approvalRefusal>[0]> = {}) => ({
	startsAt: at('2026-03-10T09:00:00Z'),
	endsAt: at('2026-03-10T11:00:00Z'),
	cancelledAt: null,
	minutesApprovedAt: null,
	minutesNoteId: 'note',
	...overrides
});

describe('agenda time slots', () => {
	it('start each item when the items before it end', () => {
		const slots = agendaSlots(at('2026-03-10T09:00:00Z'), [{ durationMinutes: 10 }, { durationMinutes: 45 }, { durationMinutes: 5 }]);
		expect(slots.map((s) => [s.start.toISOString().slice(11, 16), s.end.toISOString().slice(11, 16)])).toEqual([
			['09:00', '09:10'],
			['09:10', '09:55'],
			['09:55', '10:00']
		]);
	});

	it('say by how much the agenda runs past the end, and which item is on now', () => {
		const items = [{ durationMinutes: 90 }, { durationMinutes: 45 }];
		expect(agendaOverrun(at('2026-03-10T09:00:00Z'), at('2026-03-10T11:00:00Z'), items)).toBe(15);
		expect(agendaOverrun(at('2026-03-10T09:00:00Z'), at('2026-03-10T12:00:00Z'), items)).toBe(0);
		const slots = agendaSlots(at('2026-03-10T09:00:00Z'), items);
		expect(currentItem(slots, at('2026-03-10T08:59:00Z'))).toBe(-1);
		expect(currentItem(slots, at('2026-03-10T10:30:00Z'))).toBe(1);
		expect(currentItem(slots, at('2026-03-10T11:15:00Z'))).toBe(-1);
	});

	it('moves an item one step, and not past either end', () => {
		expect(moveInOrder(['a', 'b', 'c'], 'c', 'up')).toEqual(['a', 'c', 'b']);
		expect(moveInOrder(['a', 'b', 'c'], 'a', 'down')).toEqual(['b', 'a', 'c']);
		expect(moveInOrder(['a', 'b', 'c'], 'a', 'up')).toEqual(['a', 'b', 'c']);
		expect(moveInOrder(['a', 'b', 'c'], 'x', 'up')).toEqual(['a', 'b', 'c']);
	});
});

describe('meeting state', () => {
	it('follows the clock until cancelled', () => {
		expect(meetingPhase(meeting(), at('2026-03-10T08:00:00Z'))).toBe('upcoming');
		expect(meetingPhase(meeting(), at('2026-03-10T10:00:00Z'))).toBe('in_progress');
		expect(meetingPhase(meeting(), at('2026-03-10T11:00:00Z'))).toBe('held');
		expect(meetingPhase(meeting({ cancelledAt: at('2026-03-01T00:00:00Z') }), at('2026-03-10T10:00:00Z'))).toBe('cancelled');
	});

	it('freezes the record once the minutes are approved', () => {
		expect(recordLock(meeting())).toBeNull();
		expect(recordLock(meeting({ cancelledAt: at('2026-03-01T00:00:00Z') }))).toBe('cancelled');
		expect(recordLock(meeting({ minutesApprovedAt: at('2026-03-11T00:00:00Z') }))).toBe('approved');
	});

	it('approves minutes once, only when they exist and the meeting has begun', () => {
		const after = at('2026-03-10T12:00:00Z');
		expect(approvalRefusal(meeting(), after)).toBeNull();
		expect(approvalRefusal(meeting(), at('2026-03-10T08:00:00Z'))).toBe('not_allowed');
		expect(approvalRefusal(meeting({ minutesNoteId: null }), after)).toBe('not_allowed');
		expect(approvalRefusal(meeting({ minutesApprovedAt: after }), after)).toBe('read_only');
		expect(approvalRefusal(meeting({ cancelledAt: after }), after)).toBe('read_only');
	});
});

describe('attendance', () => {
	it('records an organization present when one of its people came', () => {
		const statuses = organizationStatuses(
			new Map([
				['police', 'absent'],
				['school', 'excused'],
				['ngo', null]
			]),
			[
				{ userId: 'u1', organizationId: 'police', status: 'present' },
				{ userId: 'u2', organizationId: 'school', status: 'absent' },
				{ userId: 'u3', organizationId: 'youth', status: 'present' },
				{ userId: 'u4', organizationId: null, status: 'present' }
			]
		);
		expect(Object.fromEntries(statuses)).toEqual({ police: 'present', school: 'excused', ngo: null, youth: 'present' });
	});

	it('maps to iCalendar participation', () => {
		expect([partstat('present'), partstat('excused'), partstat('absent'), partstat(null)]).toEqual(['ACCEPTED', 'DECLINED', 'NEEDS-ACTION', 'NEEDS-ACTION']);
	});
});
