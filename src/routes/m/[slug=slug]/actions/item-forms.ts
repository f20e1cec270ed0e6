import type { z } from 'zod';
import { withAssignees, type progressSchema } from '$lib/forms/action-plan';
import { formValues, parseForm } from '$lib/forms/parse';
import type { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/forms';
import { updateProgress, type ItemRefusal, type ItemResult } from '$lib/server/services/action-items';

type Board = Awaited<ReturnType<typeof requireBoard>>;

/** The HTTP status of a refused change. */
export const refusalStatus = (reason: ItemRefusal) => (reason === 'not_allowed' ? 403 : reason === 'not_found' ? 404 : 400);

/** A refused item form: beside the field it concerns when there is one, else over the form; what was typed is kept. */
export function refused(name: string, result: Extract<ItemResult, { ok: false }>, form: FormData) {
	const errors = result.field ? { [result.field]: result.reason } : { form: result.reason };
	return invalid(name, errors, withAssignees(form), { status: refusalStatus(result.reason) });
}

/**
 * A status/progress/comment update, from the list (the form names the item) or the item page.
 * Shared by both pages' actions, each of which authorizes first.
 */
export async function saveProgress(
	{ actor, municipality }: Board,
	form: FormData,
	schema: z.ZodType<z.output<typeof progressSchema> & { id?: string }>,
	itemId?: string
) {
	const parsed = parseForm(schema, form);
	if (!parsed.ok) return invalid('progress', parsed.errors, parsed.values);
	const { id, ...wanted } = parsed.data;
	const target = itemId ?? id;
	if (!target) return invalid('progress', { form: 'not_found' }, formValues(form), { status: 404 });
	const result = await updateProgress(await db(), actor, municipality, target, wanted);
	if (!result.ok) return refused('progress', result, form);
	return { form: 'progress', saved: true, id: target };
}
