import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { addAttachment } from '$lib/server/services/attachments';
import { attachmentReturnPath } from '$lib/attachments';
import type { RequestHandler } from './$types';

const target = z.object({ target: z.enum(['meeting', 'item']), targetId: z.uuid() });

/**
 * Uploads a file to a meeting or an action item (a plain multipart form, so it works without
 * JavaScript), then goes back to that page, saying how it went in the query string.
 */
export const POST: RequestHandler = async (event) => {
	const { actor, municipality } = await requireBoard(event, 'board.view');
	const form = await event.request.formData();
	const parsed = target.safeParse({ target: form.get('target'), targetId: form.get('targetId') });
	if (!parsed.success) error(400);
	const back = attachmentReturnPath(municipality.slug, parsed.data.target, parsed.data.targetId);
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) redirect(303, `${back}?attachment_error=file_empty#attachments`);
	const result = await addAttachment(
		await db(),
		actor,
		municipality,
		parsed.data.target === 'meeting' ? { meetingId: parsed.data.targetId } : { actionItemId: parsed.data.targetId },
		file
	);
	if (!result.ok && result.code === 'not_found') error(404);
	if (!result.ok && result.code === 'not_allowed') error(403);
	redirect(303, result.ok ? `${back}?attachment=added#attachments` : `${back}?attachment_error=${result.code}#attachments`);
};
