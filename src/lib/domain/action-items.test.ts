import { describe, expect, it } from 'vitest';
import {
	compareDueGroups,
	decideProgress,
	defaultScope,
	dueGroup,
	isOverdue,
	itemChanges,
	todayIn,
	type ItemProgress
} from './action-items';

const at = (status: ItemProgress['status'], progress = 0): ItemProgress => ({ status, progress });

describe('who may change an item', () => {
	it('refuses observers and members of other organizations whatever they ask', () => {
		expect(decideProgress('other', at('in_progress', 20), at('in_progress', 50), '')).toEqual({ ok: false, reason: 'not_allowed' });
		expect(decideProgress('other', at('not_started'), at('done'), 'done')).toEqual({ ok: false, reason: 'not_allowed' });
	});

	it('lets the owner organization and the coordinator record progress', () => {
		for (const editor of ['owner', 'coordinator'] as const) {
			expect(decideProgress(editor, at('in_progress', 20), at('in_progress', 50), '')).toEqual({ ok: true, next: at('in_progress', 50) });
		}
	});

	it('leaves reopening a finished or cancelled item to the coordinator', () => {
		for (const closed of ['done', 'cancelled'] as const) {
			const before = at(closed, closed === 'done' ? 100 : 40);
			expect(decideProgress('owner', before, at('in_progress', 60), 'more to do')).toEqual({ ok: false, reason: 'reopen_needs_coordinator' });
			expect(decideProgress('coordinator', before, at('in_progress', 60), '')).toEqual({ ok: true, next: at('in_progress', 60) });
		}
	});
});

describe('status transitions', () => {
	it('makes a done item 100% whatever progress was sent', () => {
		expect(decideProgress('owner', at('in_progress', 70), at('done', 70), '')).toEqual({ ok: true, next: at('done', 100) });
	});

	it('refuses progress on an item that is not started', () => {
		expect(decideProgress('owner', at('not_started'), at('not_started', 30), '')).toEqual({ ok: false, reason: 'progress_before_start' });
		expect(decideProgress('owner', at('in_progress', 30), at('not_started', 30), '')).toEqual({ ok: false, reason: 'progress_before_start' });
		expect(decideProgress('owner', at('in_progress', 30), at('not_started', 0), '')).toEqual({ ok: true, next: at('not_started', 0) });
	});

	it('asks what blocks an item when it becomes blocked, not on later updates', () => {
		expect(decideProgress('owner', at('in_progress', 30), at('blocked', 30), '  ')).toEqual({ ok: false, reason: 'blocked_needs_comment' });
		expect(decideProgress('owner', at('in_progress', 30), at('blocked', 30), 'No budget until March')).toEqual({ ok: true, next: at('blocked', 30) });
		expect(decideProgress('owner', at('blocked', 30), at('blocked', 35), '')).toEqual({ ok: true, next: at('blocked', 35) });
	});

	it('accepts a comment alone, but not an update that changes nothing', () => {
		expect(decideProgress('owner', at('in_progress', 30), at('in_progress', 30), '')).toEqual({ ok: false, reason: 'nothing_changed' });
		expect(decideProgress('owner', at('in_progress', 30), at('in_progress', 30), 'Met the school today')).toEqual({ ok: true, next: at('in_progress', 30) });
		expect(decideProgress('owner', at('done', 100), at('done', 40), '')).toEqual({ ok: false, reason: 'nothing_changed' });
	});

	it('throws on progress outside 0–100 (the form validates it first)', () => {
		expect(() => decideProgress('owner', at('in_progress', 30), at('in_progress', 101), '')).toThrow(RangeError);
		expect(() => decideProgress('owner', at('in_progress', 30), at('in_progress', 12.5), '')).toThrow(RangeError);
	});
});

describe('history diff', () => {
	const before: Record<string, unknown> = { title: 'Map youth services', status: 'in_progress', progress: 20, dueDate: '2026-03-01', objectiveId: null, assigneeIds: ['a', 'b'] };

	it('records [from, to] for each field that changed and nothing else', () => {
		expect(itemChanges(before, { status: 'done', progress: 100, title: 'Map youth services' })).toEqual({
			status: ['in_progress', 'done'],
			progress: [20, 100]
		});
	});

	it('records a cleared or newly set value with null on the empty side', () => {
		expect(itemChanges(before, { dueDate: null, objectiveId: 'o1' })).toEqual({ dueDate: ['2026-03-01', null], objectiveId: [null, 'o1'] });
	});

	it('leaves out fields not part of the change (undefined)', () => {
		expect(itemChanges(before, { title: undefined, progress: 20 })).toEqual({});
	});

	it('compares assignees as sets: reordering is no change, a swap is', () => {
		expect(itemChanges(before, { assigneeIds: ['b', 'a'] })).toEqual({});
		expect(itemChanges(before, { assigneeIds: ['a', 'a'] })).toEqual({ assigneeIds: [['a', 'b'], ['a', 'a']] });
		expect(itemChanges(before, { assigneeIds: ['a', 'c'] })).toEqual({ assigneeIds: [['a', 'b'], ['a', 'c']] });
	});
});

describe('due dates in the municipality calendar', () => {
	it('is overdue only when open and due before today', () => {
		expect(isOverdue({ status: 'in_progress', dueDate: '2026-03-09' }, '2026-03-10')).toBe(true);
		expect(isOverdue({ status: 'blocked', dueDate: '2026-03-10' }, '2026-03-10')).toBe(false);
		expect(isOverdue({ status: 'done', dueDate: '2026-01-01' }, '2026-03-10')).toBe(false);
		expect(isOverdue({ status: 'cancelled', dueDate: '2026-01-01' }, '2026-03-10')).toBe(false);
		expect(isOverdue({ status: 'not_started', dueDate: null }, '2026-03-10')).toBe(false);
	});

	it('takes today from the municipality time zone, not the server clock', () => {
		// 23:30 UTC on 9 March is already 10 March in Skopje and still 9 March in New York.
		const instant = new Date('2026-03-09T23:30:00Z');
		expect(todayIn('Europe/Skopje', instant)).toBe('2026-03-10');
		expect(todayIn('America/New_York', instant)).toBe('2026-03-09');
		expect(isOverdue({ status: 'in_progress', dueDate: '2026-03-09' }, todayIn('Europe/Skopje', instant))).toBe(true);
	});

	it('groups the due-date view as overdue, months in order, then no due date', () => {
		const today = '2026-03-10';
		const groups = [
			dueGroup({ status: 'in_progress', dueDate: null }, today),
			dueGroup({ status: 'not_started', dueDate: '2026-05-02' }, today),
			dueGroup({ status: 'done', dueDate: '2026-02-01' }, today),
			dueGroup({ status: 'in_progress', dueDate: '2026-03-01' }, today),
			dueGroup({ status: 'in_progress', dueDate: '2026-03-20' }, today)
		];
		expect(groups).toEqual(['none', '2026-05', '2026-02', 'overdue', '2026-03']);
		expect([...groups].sort(compareDueGroups)).toEqual(['overdue', '2026-02', '2026-03', '2026-05', 'none']);
	});
});

describe('where people land', () => {
	it('a member lands on their organization’s items, everyone else on the whole plan', () => {
		expect(defaultScope('member', 'police')).toBe('organization');
		expect(defaultScope('coordinator', 'police')).toBe('all');
		expect(defaultScope('observer', 'osce')).toBe('all');
	});
});
