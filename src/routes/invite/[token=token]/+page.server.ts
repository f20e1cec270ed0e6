import { redirect } from '@sveltejs/kit';
import { allowAnonymous, requireUser } from '$lib/server/auth/guards';
import { startSession } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { acceptInvitationSchema } from '$lib/forms/schemas';
import { parseForm } from '$lib/forms/parse';
import { formError, invalid } from '$lib/server/forms';
import { acceptAsExistingUser, acceptAsNewUser, findInvitation } from '$lib/server/services/invitations';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	allowAnonymous(event);
	const invitation = await findInvitation(await db(), event.params.token);
	if (!invitation) return { invitation: null };
	const user = event.locals.user;
	return {
		invitation: {
			email: invitation.email,
			role: invitation.role,
			municipalityName: invitation.municipalityName,
			organizationName: invitation.organizationName,
			hasAccount: invitation.existingUserId !== null
		},
		signedInAsInvitee: user !== null && user.id === invitation.existingUserId,
		signedInAsOther: user !== null && user.id !== invitation.existingUserId
	};
}) satisfies PageServerLoad;

export const actions = {
	/** A newcomer creates their account. */
	accept: async (event) => {
		allowAnonymous(event);
		const parsed = parseForm(acceptInvitationSchema, await event.request.formData());
		if (!parsed.ok) return invalid('accept', parsed.errors, parsed.values);
		const database = await db();
		const result = await acceptAsNewUser(database, event.params.token, {
			...parsed.data,
			locale: event.locals.locale
		});
		if (!result.ok) return formError('accept', result.reason);
		await startSession(database, event, result.userId);
		redirect(303, '/');
	},
	/** Someone with an account, signed in as the invited address, joins. */
	join: async (event) => {
		const { user } = requireUser(event);
		const result = await acceptAsExistingUser(await db(), event.params.token, user.id);
		if (!result.ok) return formError('join', 'invitation_other_account');
		redirect(303, '/');
	}
} satisfies Actions;
