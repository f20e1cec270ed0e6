/**
 * The rules of the action plan (DOMAIN.md, "Action plan"), in one place for the forms, the
 * server and the tests. The database repeats the ones it can (check constraints, the update
 * trigger of supabase/migrations/*_secure_action_plan.sql).
 */
export const ITEM_STATUSES = ['not_started', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Statuses an item is finished in: it no longer counts as open or overdue. */
export const CLOSED_STATUSES: readonly ItemStatus[] = ['done', 'cancelled'];
export const isClosed = (status: ItemStatus) => CLOSED_STATUSES.includes(status);

/** Who is changing an item, relative to it. */
export type ItemEditor = 'coordinator' | 'owner' | 'other';

export interface ItemProgress {
	status: ItemStatus;
	progress: number;
}

export type ProgressRefusal =
	/** Observers, and members of other organizations, do not change the item. */
	| 'not_allowed'
	/** Reopening a done or cancelled item is the coordinator's call. */
	| 'reopen_needs_coordinator'
	/** Progress on an item nobody started: say it is in progress first. */
	| 'progress_before_start'
	/** A blocked item says what blocks it. */
	| 'blocked_needs_comment'
	| 'nothing_changed';

/**
 * Decides a status/progress update, as the owner organization's people make it in two clicks.
 * Returns the values to store ('done' means 100%) or why it is refused.
 */
export function decideProgress(
	editor: ItemEditor,
	before: ItemProgress,
	wanted: ItemProgress,
	comment: string
): { ok: true; next: ItemProgress } | { ok: false; reason: ProgressRefusal } {
	if (editor === 'other') return { ok: false, reason: 'not_allowed' };
	if (!Number.isInteger(wanted.progress) || wanted.progress < 0 || wanted.progress > 100) {
		throw new RangeError(`progress must be a whole number from 0 to 100, not ${wanted.progress}`);
	}
	const next: ItemProgress = { status: wanted.status, progress: wanted.status === 'done' ? 100 : wanted.progress };
	if (isClosed(before.status) && !isClosed(next.status) && editor !== 'coordinator') {
		return { ok: false, reason: 'reopen_needs_coordinator' };
	}
	if (next.status === 'not_started' && next.progress > 0) return { ok: false, reason: 'progress_before_start' };
	if (next.status === 'blocked' && before.status !== 'blocked' && comment.trim() === '') {
		return { ok: false, reason: 'blocked_needs_comment' };
	}
	if (next.status === before.status && next.progress === before.progress && comment.trim() === '') {
		return { ok: false, reason: 'nothing_changed' };
	}
	return { ok: true, next };
}

/** An item is overdue when it is open and its due date (in the municipality's calendar) has passed. */
export function isOverdue(item: { status: ItemStatus; dueDate: string | null }, today: string): boolean {
	return !!item.dueDate && !isClosed(item.status) && item.dueDate < today;
}

/**
 * The history entry of a change: for each field given in `after` that differs from `before`,
 * [from, to]. Fields left undefined are not part of the change; arrays (assignees) compare as
 * sets, so reordering is no change.
 */
export function itemChanges<T extends object>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
	const changes: Record<string, [unknown, unknown]> = {};
	for (const [key, value] of Object.entries(after) as [string, unknown][]) {
		if (value === undefined) continue;
		const old = (before as Record<string, unknown>)[key];
		const same = Array.isArray(old) && Array.isArray(value) ? sameMembers(old, value) : old === value;
		if (!same) changes[key] = [old ?? null, value ?? null];
	}
	return changes;
}

function sameMembers(a: unknown[], b: unknown[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((x) => right.has(x));
}

/** Today's date ('YYYY-MM-DD') in a time zone: due dates are calendar days of the municipality. */
export function todayIn(timeZone: string, now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The plan's views: status columns, one group per owner organization, or by due date. */
export const PLAN_VIEWS = ['status', 'organization', 'due'] as const;
export type PlanView = (typeof PLAN_VIEWS)[number];

/** Whose items: everyone's, those assigned to me, or my organization's. */
export const PLAN_SCOPES = ['all', 'mine', 'organization'] as const;
export type PlanScope = (typeof PLAN_SCOPES)[number];

/** A member lands on their organization's items; the coordinator and observers on the whole plan. */
export function defaultScope(role: 'coordinator' | 'member' | 'observer', organizationId: string | null): PlanScope {
	return role === 'member' && organizationId ? 'organization' : 'all';
}

/**
 * The due-date group of an item: 'overdue' (open and past due), the month it is due
 * ('YYYY-MM'), or 'none'. Groups sort as overdue, months in order, none.
 */
export function dueGroup(item: { status: ItemStatus; dueDate: string | null }, today: string): string {
	if (isOverdue(item, today)) return 'overdue';
	return item.dueDate ? item.dueDate.slice(0, 7) : 'none';
}

export function compareDueGroups(a: string, b: string): number {
	const rank = (g: string) => (g === 'overdue' ? '0' : g === 'none' ? '2' : `1${g}`);
	return rank(a).localeCompare(rank(b));
}
