import { requireBoard } from '$lib/server/auth/guards';
import * as meeting from '../meeting.server';
import type { Actions, PageServerLoad } from './$types';

/** The coordinator's view while the meeting runs: agenda in order, attendance, decisions as they are taken. */
export const load = (async (event) => {
	const board = await requireBoard(event, 'meetings.manage');
	return meeting.loadMeeting(event, board);
}) satisfies PageServerLoad;

export const actions = {
	attendance: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.attendance(event, board);
	},
	decide: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.decide(event, board);
	},
	raiseAction: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.raise(event, board);
	},
	removeDecision: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.unDecide(event, board);
	},
	startMinutes: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.startMinutes(event, board, false);
	}
} satisfies Actions;
