import { requireHub } from '$lib/server/auth/guards';
import { canHub } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { hubInviteSchema, municipalitySchema } from '$lib/forms/schemas';
import { formValues, parseForm } from '$lib/forms/parse';
import { formError, invalid } from '$lib/server/forms';
import { insertMunicipality, listMunicipalities } from '$lib/server/repos/municipalities';
import { createInvitation } from '$lib/server/services/invitations';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, regionId } = requireHub(event, 'hub.view');
	const municipalities = await (await db()).asUser(user.id, listMunicipalities);
	return {
		municipalities: municipalities.filter((mu) => mu.regionId === regionId),
		canManage: canHub(actor, 'hub.manage', regionId)
	};
}) satisfies PageServerLoad;

export const actions = {
	createMunicipality: async (event) => {
		const { user, regionId } = requireHub(event, 'hub.manage');
		const form = await event.request.formData();
		const parsed = parseForm(municipalitySchema, form);
		if (!parsed.ok) return invalid('municipality', parsed.errors, parsed.values);
		try {
			await (await db()).asUser(user.id, (sql) => insertMunicipality(sql, { ...parsed.data, regionId }));
		} catch (err) {
			if ((err as { code?: string }).code === '23505') return invalid('municipality', { slug: 'taken' }, formValues(form));
			throw err;
		}
		return { form: 'municipality', saved: true };
	},
	inviteCoordinator: async (event) => {
		const { user, actor, regionId } = requireHub(event, 'hub.manage');
		const form = await event.request.formData();
		const parsed = parseForm(hubInviteSchema, form);
		if (!parsed.ok) return invalid('invite', parsed.errors, parsed.values);
		const database = await db();
		const municipality = (await database.asUser(user.id, listMunicipalities)).find(
			(mu) => mu.id === parsed.data.municipalityId && mu.regionId === regionId
		);
		if (!municipality || !canHub(actor, 'hub.manage', municipality.regionId)) return formError('invite', 'not_found', 404);
		const token = await createInvitation(database, user.id, { ...parsed.data, organizationId: null, role: 'coordinator' });
		return { form: 'invite', inviteLink: `${event.url.origin}/invite/${token}`, invitedEmail: parsed.data.email };
	}
} satisfies Actions;
