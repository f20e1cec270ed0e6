import { idSchema } from '$lib/forms/schemas';
import { objectiveEditSchema, objectiveSchema } from '$lib/forms/action-plan';
import { parseForm } from '$lib/forms/parse';
import { can } from '$lib/server/auth/access';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { formError, invalid } from '$lib/server/forms';
import { listObjectives } from '$lib/server/repos/objectives';
import { saveObjective } from '$lib/server/services/action-items';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'actions.view');
	event.depends('board:actions');
	const objectives = await (await db()).asUser(user.id, (sql) => listObjectives(sql, municipality.id));
	return { municipality, objectives, canManage: can(actor, 'actions.manage', municipality) };
}) satisfies PageServerLoad;

const status = (reason: 'not_allowed' | 'not_found') => (reason === 'not_allowed' ? 403 : 404);

export const actions = {
	create: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'actions.manage');
		const parsed = parseForm(objectiveSchema, await event.request.formData());
		if (!parsed.ok) return invalid('create', parsed.errors, parsed.values);
		const result = await saveObjective(await db(), actor, municipality, null, parsed.data);
		return result.ok ? { form: 'create', saved: true } : formError('create', result.reason, status(result.reason));
	},
	update: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'actions.manage');
		const parsed = parseForm(objectiveEditSchema, await event.request.formData());
		if (!parsed.ok) return invalid('update', parsed.errors, parsed.values);
		const { id, ...fields } = parsed.data;
		const result = await saveObjective(await db(), actor, municipality, id, fields);
		return result.ok ? { form: 'update', saved: true, id } : formError('update', result.reason, status(result.reason));
	},
	remove: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'actions.manage');
		const parsed = parseForm(idSchema, await event.request.formData());
		if (!parsed.ok) return invalid('remove', parsed.errors);
		const result = await saveObjective(await db(), actor, municipality, parsed.data.id, null);
		return result.ok ? { form: 'remove', saved: true } : formError('remove', result.reason, status(result.reason));
	}
} satisfies Actions;
