import { redirect } from '@sveltejs/kit';
import { requireBoard } from '$lib/server/auth/guards';
import { can } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { noteTitleSchema } from '$lib/forms/schemas';
import { parseForm } from '$lib/forms/parse';
import { invalid } from '$lib/server/forms';
import { listNotes } from '$lib/server/repos/notes';
import { createNote } from '$lib/server/services/notes';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'notes.view');
	const search = (event.url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const archived = event.url.searchParams.get('archived') === '1';
	const notes = await (await db()).asUser(user.id, (sql) => listNotes(sql, municipality.id, { search, archived }));
	return { municipality, notes, search, archived, canEdit: can(actor, 'notes.edit', municipality) };
}) satisfies PageServerLoad;

export const actions = {
	create: async (event) => {
		const { user, municipality } = await requireBoard(event, 'notes.edit');
		const parsed = parseForm(noteTitleSchema, await event.request.formData());
		if (!parsed.ok) return invalid('create', parsed.errors, parsed.values);
		const id = await createNote(await db(), user.id, { municipalityId: municipality.id, title: parsed.data.title });
		redirect(303, `/m/${municipality.slug}/notes/${id}`);
	}
} satisfies Actions;
