import { redirect } from '@sveltejs/kit';
import { parseItemForm } from '$lib/forms/action-plan';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { invalid } from '$lib/server/forms';
import { listAssignable } from '$lib/server/repos/action-items';
import { listObjectives } from '$lib/server/repos/objectives';
import { listOrganizations } from '$lib/server/repos/organizations';
import { createItem } from '$lib/server/services/action-items';
import { refused } from '../item-forms';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, municipality } = await requireBoard(event, 'actions.manage');
	event.depends('board:actions');
	const [organizations, objectives, people] = await (await db()).asUser(user.id, async (sql) => [
		await listOrganizations(sql, municipality.id),
		await listObjectives(sql, municipality.id),
		await listAssignable(sql, municipality.id)
	] as const);
	return {
		municipality,
		objective: event.url.searchParams.get('objective'),
		owners: organizations.filter((o) => !o.leftOn).map(({ id, name }) => ({ id, name })),
		objectives: objectives.map(({ id, title }) => ({ id, title })),
		people: people.map(({ id, name, organizationName }) => ({ id, name, organizationName }))
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'actions.manage');
		const form = await event.request.formData();
		const parsed = parseItemForm(form);
		if (!parsed.ok) return invalid('create', parsed.errors, parsed.values);
		const result = await createItem(await db(), actor, municipality, parsed.data);
		if (!result.ok) return refused('create', result, form);
		redirect(303, `/m/${municipality.slug}/actions/${result.id}`);
	}
} satisfies Actions;
