import { defaultScope, todayIn } from '$lib/domain/action-items';
import { itemProgressSchema, planQuery } from '$lib/forms/action-plan';
import { can, itemEditor, roleOn } from '$lib/server/auth/access';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listItems } from '$lib/server/repos/action-items';
import { listObjectives } from '$lib/server/repos/objectives';
import { organizationOf, planFilter } from './plan-filter';
import { saveProgress } from './item-forms';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'actions.view');
	event.depends('board:actions');
	const organizationId = organizationOf(actor, municipality.id);
	const landing = defaultScope(roleOn(actor, municipality.id)!, organizationId);
	const query = planQuery(event.url.searchParams, landing);
	if (query.scope === 'organization' && !organizationId) query.scope = 'all';
	const today = todayIn(municipality.timeZone);
	const [items, objectives] = await (await db()).asUser(user.id, async (sql) => [
		await listItems(sql, municipality.id, planFilter(query, actor, municipality.id, today)),
		await listObjectives(sql, municipality.id)
	] as const);
	return {
		municipality,
		query,
		landing,
		today,
		items: items.map(({ description: _, ...item }) => ({ ...item, mayUpdate: itemEditor(actor, municipality, item.ownerOrganizationId) !== 'other' })),
		objectives: objectives.map(({ id, title }) => ({ id, title })),
		hasOrganization: organizationId !== null,
		canManage: can(actor, 'actions.manage', municipality)
	};
}) satisfies PageServerLoad;

export const actions = {
	/** The quick update on a card: the service decides who may (the owner organization, the coordinator). */
	progress: async (event) => {
		const board = await requireBoard(event, 'actions.view');
		return saveProgress(board, await event.request.formData(), itemProgressSchema);
	}
} satisfies Actions;
