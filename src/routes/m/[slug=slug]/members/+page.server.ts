import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { idSchema, inviteSchema, membershipChangeSchema, organizationSchema } from '$lib/forms/schemas';
import { formValues, parseForm } from '$lib/forms/parse';
import { formError, invalid } from '$lib/server/forms';
import { listPendingInvitations, revokeInvitation } from '$lib/server/repos/invitations';
import { listMembers } from '$lib/server/repos/memberships';
import { insertOrganization, listOrganizations, setOrganizationLeft } from '$lib/server/repos/organizations';
import { createInvitation } from '$lib/server/services/invitations';
import { changeMember } from '$lib/server/services/members';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, municipality } = await requireBoard(event, 'members.manage');
	return (await db()).asUser(user.id, async (sql) => ({
		municipality,
		members: await listMembers(sql, municipality.id),
		organizations: await listOrganizations(sql, municipality.id),
		invitations: await listPendingInvitations(sql, municipality.id)
	}));
}) satisfies PageServerLoad;

export const actions = {
	invite: async (event) => {
		const { user, municipality } = await requireBoard(event, 'members.manage');
		const parsed = parseForm(inviteSchema, await event.request.formData());
		if (!parsed.ok) return invalid('invite', parsed.errors, parsed.values);
		const token = await createInvitation(await db(), user.id, { ...parsed.data, municipalityId: municipality.id });
		return { form: 'invite', inviteLink: `${event.url.origin}/invite/${token}`, invitedEmail: parsed.data.email };
	},
	change: async (event) => {
		const { user, municipality } = await requireBoard(event, 'members.manage');
		const parsed = parseForm(membershipChangeSchema, await event.request.formData());
		if (!parsed.ok) return invalid('change', parsed.errors, parsed.values);
		const { membershipId, ...change } = parsed.data;
		const result = await changeMember(await db(), user.id, municipality.id, membershipId, change);
		return result.ok ? { form: 'change', saved: true } : formError('change', result.reason);
	},
	remove: async (event) => {
		const { user, municipality } = await requireBoard(event, 'members.manage');
		const parsed = parseForm(idSchema, await event.request.formData());
		if (!parsed.ok) return invalid('remove', parsed.errors);
		const result = await changeMember(await db(), user.id, municipality.id, parsed.data.id, 'remove');
		return result.ok ? { form: 'remove', saved: true } : formError('remove', result.reason);
	},
	revoke: async (event) => {
		const { user, municipality } = await requireBoard(event, 'members.manage');
		const parsed = parseForm(idSchema, await event.request.formData());
		if (!parsed.ok) return invalid('revoke', parsed.errors);
		const done = await (await db()).asUser(user.id, (sql) => revokeInvitation(sql, municipality.id, parsed.data.id));
		return done ? { form: 'revoke', saved: true } : formError('revoke', 'not_found', 404);
	},
	addOrganization: async (event) => {
		const { user, municipality } = await requireBoard(event, 'organizations.manage');
		const form = await event.request.formData();
		const parsed = parseForm(organizationSchema, form);
		if (!parsed.ok) return invalid('organization', parsed.errors, parsed.values);
		const today = new Date().toISOString().slice(0, 10);
		try {
			await (await db()).asUser(user.id, (sql) =>
				insertOrganization(sql, municipality.id, { ...parsed.data, joinedOn: today })
			);
		} catch (err) {
			if ((err as { code?: string }).code === '23505') return invalid('organization', { name: 'taken' }, formValues(form));
			throw err;
		}
		return { form: 'organization', saved: true };
	},
	organizationLeft: async (event) => {
		const { user, municipality } = await requireBoard(event, 'organizations.manage');
		const parsed = parseForm(idSchema, await event.request.formData());
		if (!parsed.ok) return invalid('organizationLeft', parsed.errors);
		const today = new Date().toISOString().slice(0, 10);
		const done = await (await db()).asUser(user.id, (sql) => setOrganizationLeft(sql, municipality.id, parsed.data.id, today));
		return done ? { form: 'organizationLeft', saved: true } : formError('organizationLeft', 'not_found', 404);
	}
} satisfies Actions;
