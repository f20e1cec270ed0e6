import { error, redirect } from '@sveltejs/kit';
import { todayIn } from '$lib/domain/action-items';
import { itemSchema, parseAssignees, progressSchema } from '$lib/forms/action-plan';
import { parseForm } from '$lib/forms/parse';
import { attachmentMaxBytes } from '$lib/server/attachments/policy';
import { itemEditor } from '$lib/server/auth/access';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { formError, invalid } from '$lib/server/forms';
import { findItem, listAssignable, listItemUpdates } from '$lib/server/repos/action-items';
import { listAttachments } from '$lib/server/repos/attachments';
import { listObjectives } from '$lib/server/repos/objectives';
import { listOrganizations } from '$lib/server/repos/organizations';
import { editItem, removeItem } from '$lib/server/services/action-items';
import { refusalStatus, refused, saveProgress } from '../item-forms';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'actions.view');
	event.depends('board:actions');
	const found = await (await db()).asUser(user.id, async (sql) => {
		const item = await findItem(sql, municipality.id, event.params.id);
		return (
			item && {
				item,
				history: await listItemUpdates(sql, municipality.id, item.id),
				organizations: await listOrganizations(sql, municipality.id),
				objectives: await listObjectives(sql, municipality.id),
				people: await listAssignable(sql, municipality.id),
				files: await listAttachments(sql, municipality.id, { actionItemId: item.id })
			}
		);
	});
	if (!found) error(404);
	const { item, organizations, objectives, people } = found;
	return {
		municipality,
		userId: user.id,
		today: todayIn(municipality.timeZone),
		editor: itemEditor(actor, municipality, item.ownerOrganizationId),
		item,
		history: found.history,
		files: found.files,
		maxMegabytes: Math.floor(attachmentMaxBytes() / 1024 / 1024),
		// An organization that left keeps its items but takes no new ones.
		owners: organizations.filter((o) => !o.leftOn || o.id === item.ownerOrganizationId).map(({ id, name }) => ({ id, name })),
		objectives: objectives.map(({ id, title }) => ({ id, title })),
		people: people.map(({ id, name, organizationName }) => ({ id, name, organizationName })),
		names: Object.fromEntries([...organizations.map((o) => [o.id, o.name]), ...objectives.map((o) => [o.id, o.title]), ...people.map((p) => [p.id, p.name])])
	};
}) satisfies PageServerLoad;

export const actions = {
	progress: async (event) => {
		const board = await requireBoard(event, 'actions.view');
		return saveProgress(board, await event.request.formData(), progressSchema, event.params.id);
	},
	edit: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'actions.manage');
		const form = await event.request.formData();
		const parsed = parseForm(itemSchema, form);
		if (!parsed.ok) return invalid('edit', parsed.errors, parsed.values);
		const result = await editItem(await db(), actor, municipality, event.params.id, parsed.data);
		return result.ok ? { form: 'edit', saved: true } : refused('edit', result, form);
	},
	/** The coordinator or the owner organization's people (the service decides). */
	assignees: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'actions.view');
		const form = await event.request.formData();
		const parsed = parseAssignees(form);
		if (!parsed.ok) return invalid('assignees', parsed.errors, parsed.values);
		const result = await editItem(await db(), actor, municipality, event.params.id, { assigneeIds: parsed.data });
		return result.ok ? { form: 'assignees', saved: true } : refused('assignees', result, form);
	},
	remove: async (event) => {
		const { actor, municipality } = await requireBoard(event, 'actions.manage');
		const result = await removeItem(await db(), actor, municipality, event.params.id);
		if (!result.ok) return formError('remove', result.reason, refusalStatus(result.reason));
		redirect(303, `/m/${municipality.slug}/actions`);
	}
} satisfies Actions;
