import { error } from '@sveltejs/kit';
import { requireBoard } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { userColor, type PresenceUser } from '$lib/collab/presence';
import { noteTitleSchema } from '$lib/forms/schemas';
import { parseForm } from '$lib/forms/parse';
import { formError, invalid } from '$lib/server/forms';
import { findMinutesOf, findNote, renameNote } from '$lib/server/repos/notes';
import { archiveNote } from '$lib/server/services/notes';
import { listOrganizations } from '$lib/server/repos/organizations';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'notes.view');
	const organizationId = actor.memberships.find((mb) => mb.municipalityId === municipality.id)?.organizationId;
	const [note, minutesOf, organizations] = await (await db()).asUser(user.id, async (sql) => [
		await findNote(sql, municipality.id, event.params.id),
		await findMinutesOf(sql, municipality.id, event.params.id),
		organizationId ? await listOrganizations(sql, municipality.id) : []
	] as const);
	if (!note) error(404);
	const mayEdit = can(actor, 'notes.edit', municipality);
	const me: PresenceUser = {
		name: user.displayName,
		organization: organizations.find((o) => o.id === organizationId)?.name ?? null,
		color: userColor(user.id)
	};
	// Approved minutes are the record of the meeting: read-only for everyone, like archived notes.
	const frozen = !!note.archivedAt || !!minutesOf?.approvedAt;
	return { municipality, note, minutesOf, canEdit: mayEdit && !frozen, canArchive: mayEdit && !minutesOf, me };
}) satisfies PageServerLoad;

type Board = Awaited<ReturnType<typeof requireBoard>>;

async function archive({ user, municipality }: Board, noteId: string, archived: boolean) {
	const done = await archiveNote(await db(), user.id, { municipalityId: municipality.id, noteId, archived });
	return done ? { form: 'archive', saved: true } : formError('archive', 'not_found', 404);
}

export const actions = {
	rename: async (event) => {
		const { user, municipality } = await requireBoard(event, 'notes.edit');
		const parsed = parseForm(noteTitleSchema, await event.request.formData());
		if (!parsed.ok) return invalid('rename', parsed.errors, parsed.values);
		const done = await (await db()).asUser(user.id, async (sql) => {
			if ((await findMinutesOf(sql, municipality.id, event.params.id))?.approvedAt) return 'read_only' as const;
			return (await renameNote(sql, municipality.id, event.params.id, parsed.data.title)) || ('not_found' as const);
		});
		if (done === true) return { form: 'rename', saved: true };
		return done === 'read_only' ? formError('rename', 'read_only', 409) : formError('rename', 'not_found', 404);
	},
	archive: async (event) => {
		const board = await requireBoard(event, 'notes.edit');
		return archive(board, event.params.id, true);
	},
	unarchive: async (event) => {
		const board = await requireBoard(event, 'notes.edit');
		return archive(board, event.params.id, false);
	}
} satisfies Actions;
