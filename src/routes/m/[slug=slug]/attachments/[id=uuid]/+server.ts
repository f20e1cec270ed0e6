import { error, redirect } from '@sveltejs/kit';
import { requireBoard } from '$lib/server/auth/guards';
import { attachmentResponse } from '$lib/server/attachments';
import { db } from '$lib/server/db';
import { findAttachment } from '$lib/server/repos/attachments';
import { readAttachment, removeAttachment } from '$lib/server/services/attachments';
import { attachmentReturnPath } from '$lib/attachments';
import type { RequestHandler } from './$types';

/** Downloads a file; only to people on the board (RLS), with headers that keep it inert. */
export const GET: RequestHandler = async (event) => {
	const { user, municipality } = await requireBoard(event, 'board.view');
	const file = await readAttachment(await db(), user.id, municipality.id, event.params.id);
	if (!file) error(404);
	return attachmentResponse(file, { download: event.url.searchParams.has('download') });
};

/** Removes a file (a form button: browsers cannot send DELETE), then goes back. */
export const POST: RequestHandler = async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'board.view');
	const file = await (await db()).asUser(user.id, (sql) => findAttachment(sql, municipality.id, event.params.id));
	if (!file) error(404);
	if (!(await removeAttachment(await db(), actor, municipality, event.params.id))) error(403);
	const back = file.meetingId
		? attachmentReturnPath(municipality.slug, 'meeting', file.meetingId)
		: attachmentReturnPath(municipality.slug, 'item', file.actionItemId!);
	redirect(303, `${back}?attachment=removed#attachments`);
};
