import { requireBoard } from '$lib/server/auth/guards';
import * as meeting from './meeting.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => {
	const board = await requireBoard(event, 'meetings.view');
	return meeting.loadMeeting(event, board);
}) satisfies PageServerLoad;

export const actions = {
	cancel: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.setCancelled(event, board, true);
	},
	restore: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.setCancelled(event, board, false);
	},
	addAgendaItem: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.addAgendaItem(event, board);
	},
	editAgendaItem: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.editAgendaItem(event, board);
	},
	removeAgendaItem: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.removeAgendaItem(event, board);
	},
	moveAgendaItem: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.moveAgendaItem(event, board);
	},
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
		return meeting.startMinutes(event, board, true);
	},
	approve: async (event) => {
		const board = await requireBoard(event, 'meetings.manage');
		return meeting.approve(event, board);
	}
} satisfies Actions;
