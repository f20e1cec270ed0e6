import { z } from 'zod';
import { ITEM_STATUSES, PLAN_SCOPES, PLAN_VIEWS, type PlanScope, type PlanView } from '$lib/domain/action-items';
import { isDate } from '$lib/domain/zoned-time';
import { formValues, parseForm, type Parsed } from './parse';
import { optionalUuid, uuid } from './schemas';

// The action plan's forms. Lengths are the tables' checks
// (supabase/migrations/*_create_action_plan.sql).

const title = z.string('required').trim().min(1, 'required').max(300, 'too_long');
const longText = z.string().trim().max(4000, 'too_long').optional().transform((v) => v ?? '');

const optionalDate = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v : null))
	.refine((v) => v === null || isDate(v), 'date');

/** What an item is: the coordinator's fields. */
export const itemSchema = z.object({
	title,
	description: longText,
	ownerOrganizationId: uuid,
	objectiveId: optionalUuid,
	dueDate: optionalDate
});

/** The owner organization's update: status, progress and an optional comment. */
export const progressSchema = z.object({
	status: z.enum(ITEM_STATUSES, 'invalid_choice'),
	progress: z
		.string()
		.trim()
		.optional()
		.transform((v) => (v ? Number(v) : 0))
		.pipe(z.number('number_range').int('number_range').min(0, 'number_range').max(100, 'number_range')),
	comment: z.string().trim().max(2000, 'too_long').optional().transform((v) => v ?? '')
});

/** The list page's quick update names its item. */
export const itemProgressSchema = progressSchema.extend({ id: uuid });

export const objectiveSchema = z.object({ title, description: longText });
export const objectiveEditSchema = objectiveSchema.extend({ id: uuid });

/**
 * Assignees arrive as repeated checkboxes (`assigneeIds`), which parseForm (one value per
 * name) cannot see: read them all, and echo them back joined so a failed form keeps them.
 */
export function parseAssignees(form: FormData): Parsed<string[]> {
	const ids = [...new Set(form.getAll('assigneeIds').filter((v): v is string => typeof v === 'string' && v !== ''))];
	if (ids.every((id) => uuid.safeParse(id).success)) return { ok: true, data: ids };
	return { ok: false, errors: { assigneeIds: 'invalid_assignee' }, values: withAssignees(form) };
}

/** The item form with its assignees. */
export function parseItemForm(form: FormData): Parsed<z.output<typeof itemSchema> & { assigneeIds: string[] }> {
	const item = parseForm(itemSchema, form);
	const assignees = parseAssignees(form);
	if (item.ok && assignees.ok) return { ok: true, data: { ...item.data, assigneeIds: assignees.data } };
	const errors = { ...(item.ok ? {} : item.errors), ...(assignees.ok ? {} : assignees.errors) };
	return { ok: false, errors, values: withAssignees(form) };
}

/** Submitted values to echo back, assignees joined by commas. */
export function withAssignees(form: FormData): Record<string, string> {
	return { ...formValues(form), assigneeIds: form.getAll('assigneeIds').filter((v) => typeof v === 'string').join(',') };
}

/** The list's view and filters, from the URL so that they work without JavaScript and can be linked. */
export interface PlanQuery {
	view: PlanView;
	scope: PlanScope;
	overdue: boolean;
	/** An objective's id, 'none' for items under no objective, or null for every objective. */
	objective: string | null;
}

/** Reads the query leniently: an unknown value falls back to the default, never an error page. */
export function planQuery(params: URLSearchParams, defaultScope: PlanScope): PlanQuery {
	const view = params.get('view');
	const scope = params.get('who');
	const objective = params.get('objective');
	return {
		view: (PLAN_VIEWS as readonly string[]).includes(view ?? '') ? (view as PlanView) : 'status',
		scope: (PLAN_SCOPES as readonly string[]).includes(scope ?? '') ? (scope as PlanScope) : defaultScope,
		overdue: params.get('overdue') === '1',
		objective: objective === 'none' || (objective && uuid.safeParse(objective).success) ? objective : null
	};
}

/** The search string of a query, leaving out what equals the defaults so links stay short. */
export function planSearch(query: PlanQuery, defaultScope: PlanScope): string {
	const params = new URLSearchParams();
	if (query.view !== 'status') params.set('view', query.view);
	if (query.scope !== defaultScope) params.set('who', query.scope);
	if (query.overdue) params.set('overdue', '1');
	if (query.objective) params.set('objective', query.objective);
	return params.size ? `?${params}` : '';
}
