import { error } from '@sveltejs/kit';
import { requireBoard } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { meetingToICalendar, placeFor } from '$lib/server/services/meeting-calendar';
import { loadMeetingRecord } from '$lib/server/services/meeting-record';
import type { RequestHandler } from './$types';

/** The meeting as an iCalendar file, to add it to one's calendar. */
export const GET: RequestHandler = async (event) => {
	const { user, actor, municipality } = await requireBoard(event, 'meetings.view');
	const record = await loadMeetingRecord(await db(), user.id, municipality.id, event.params.id);
	if (!record) error(404);
	const body = meetingToICalendar(record, placeFor(actor, municipality, event.url.origin));
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="meeting-${record.meeting.id}.ics"`,
			'cache-control': 'private, no-store'
		}
	});
};
