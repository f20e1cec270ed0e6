import { z } from 'zod';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '$lib/domain/meetings';
import { isDate, isTime, zonedToUtc } from '$lib/domain/zoned-time';
import type { FieldErrors } from './errors';
import { formValues, parseForm } from './parse';
import { uuid } from './schemas';

// Field rules of the meeting forms; the limits are the meetings tables' checks.
const text = (max: number) => z.string('required').trim().min(1, 'required').max(max, 'too_long');
const optional = <T extends z.ZodType<unknown, string>>(inner: T) =>
	z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? v : null))
		.pipe(inner.nullable());
const date = z.string('required').trim().min(1, 'required').refine(isDate, 'date');
const time = z.string('required').trim().min(1, 'required').refine(isTime, 'time');
const webUrl = z
	.string()
	.max(2000, 'too_long')
	.refine((v) => {
		try {
			return ['http:', 'https:'].includes(new URL(v).protocol) && /^https?:\/\//i.test(v);
		} catch {
			return false;
		}
	}, 'url');

/**
 * The schedule form: a title, a day and start and end times as the municipality's clocks show
 * them (converted to instants here, across daylight saving changes), a place and/or an online link.
 * The meeting ends on the day it starts.
 */
export function scheduleSchema(timeZone: string) {
	return z
		.object({
			title: text(200),
			date,
			startTime: time,
			endTime: time,
			place: optional(z.string().max(300, 'too_long')),
			onlineUrl: optional(webUrl)
		})
		.transform((v, ctx) => {
			const startsAt = zonedToUtc(v.date, v.startTime, timeZone);
			const endsAt = zonedToUtc(v.date, v.endTime, timeZone);
			if (endsAt <= startsAt) {
				ctx.addIssue({ code: 'custom', message: 'end_before_start', path: ['endTime'] });
				return z.NEVER;
			}
			return { title: v.title, startsAt, endsAt, place: v.place, onlineUrl: v.onlineUrl };
		});
}

/** Checkboxes named `invitee` (one value each); FormData keeps them all, the parser only the last. */
export function parseInvitees(form: FormData): { ok: true; ids: string[] } | { ok: false } {
	const values = form.getAll('invitee').filter((v): v is string => typeof v === 'string');
	const parsed = z.array(uuid).max(200).safeParse(values);
	return parsed.success ? { ok: true, ids: [...new Set(parsed.data)] } : { ok: false };
}

export const agendaItemSchema = z.object({
	title: text(300),
	ownerOrganizationId: optional(uuid),
	durationMinutes: z.coerce.number('number_range').int('number_range').min(1, 'number_range').max(480, 'number_range')
});

export const agendaItemEditSchema = agendaItemSchema.extend({ id: uuid });

export const moveSchema = z.object({ id: uuid, direction: z.enum(['up', 'down'], 'invalid_choice') });

/** An action item raised by a decision: a title, the organization that owns it, a due date. */
const actionFields = {
	actionTitle: optional(z.string().max(300, 'too_long')),
	actionOwnerId: optional(uuid),
	actionDueDate: optional(z.string().refine(isDate, 'date'))
};

type ActionFields = { actionTitle: string | null; actionOwnerId: string | null; actionDueDate: string | null };

/** An action item needs its owner organization; the fields mean nothing without a title. */
function action<T>(v: ActionFields, ctx: z.RefinementCtx<T>, required: boolean) {
	if (!v.actionTitle) {
		if (required) ctx.addIssue({ code: 'custom', message: 'required', path: ['actionTitle'] });
		return null;
	}
	if (!v.actionOwnerId) {
		ctx.addIssue({ code: 'custom', message: 'required', path: ['actionOwnerId'] });
		return null;
	}
	return { title: v.actionTitle, ownerOrganizationId: v.actionOwnerId, dueDate: v.actionDueDate };
}

/** A decision, optionally raising an action item in the same step. */
export const decisionSchema = z
	.object({ text: text(4000), agendaItemId: optional(uuid), ...actionFields })
	.transform((v, ctx) => ({ text: v.text, agendaItemId: v.agendaItemId, action: action(v, ctx, false) }));

/** One more action item from a recorded decision. */
export const raiseActionSchema = z
	.object({ decisionId: uuid, ...actionFields })
	.transform((v, ctx) => ({ decisionId: v.decisionId, action: action(v, ctx, true)! }));

const STATUS = z.enum(ATTENDANCE_STATUSES);

/**
 * The attendance form: a radio group per organization (`org.<id>`) and per person
 * (`person.<id>`), each present, excused, absent or '' (not recorded).
 */
export function parseAttendance(form: FormData):
	| { ok: true; data: { organizations: { organizationId: string; status: AttendanceStatus | null }[]; people: { userId: string; status: AttendanceStatus | null }[] } }
	| { ok: false; errors: FieldErrors } {
	const organizations: { organizationId: string; status: AttendanceStatus | null }[] = [];
	const people: { userId: string; status: AttendanceStatus | null }[] = [];
	for (const [key, value] of form) {
		const m = /^(org|person)\.(.+)$/.exec(key);
		if (!m) continue;
		const id = uuid.safeParse(m[2]);
		const status = value === '' ? { success: true as const, data: null } : STATUS.safeParse(value);
		if (!id.success || !status.success) return { ok: false, errors: { form: 'invalid_choice' } };
		if (m[1] === 'org') organizations.push({ organizationId: id.data, status: status.data });
		else people.push({ userId: id.data, status: status.data });
	}
	if (organizations.length + people.length > 2000) return { ok: false, errors: { form: 'too_long' } };
	return { ok: true, data: { organizations, people } };
}

export type ParsedSchedule =
	| { ok: true; data: z.output<ReturnType<typeof scheduleSchema>> & { inviteeIds: string[] } }
	| { ok: false; errors: FieldErrors; values: Record<string, string> };

/** The whole schedule form; on failure the values to refill carry the ticked invitees comma-separated. */
export function parseSchedule(form: FormData, timeZone: string): ParsedSchedule {
	const parsed = parseForm(scheduleSchema(timeZone), form);
	const invitees = parseInvitees(form);
	if (parsed.ok && invitees.ok) return { ok: true, data: { ...parsed.data, inviteeIds: invitees.ids } };
	const errors: FieldErrors = parsed.ok ? {} : parsed.errors;
	if (!invitees.ok) errors.invitee = 'invalid_choice';
	return { ok: false, errors, values: { ...formValues(form), invitee: form.getAll('invitee').join(',') } };
}
