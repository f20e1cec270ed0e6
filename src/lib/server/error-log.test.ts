import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { handleError } from '../../hooks.server';

describe('unexpected errors in the log', () => {
	afterEach(() => vi.restoreAllMocks());

	it('name the route, never the path or query that carry a token', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const token = 'abcdefghijklmnopqrstuvwxyz234567';
		const event = {
			request: new Request(`http://localhost/calendar/${token}?t=${token}`),
			url: new URL(`http://localhost/calendar/${token}?t=${token}`),
			route: { id: '/calendar/[token=token]' }
		} as unknown as RequestEvent;
		const shown = handleError({ error: new Error('boom'), event, status: 500, message: 'Internal Error' }) as { id: string };
		expect(log).toHaveBeenCalledTimes(1);
		const line = log.mock.calls[0].map(String).join(' ');
		expect(line).toContain('/calendar/[token=token]');
		expect(line).toContain(shown.id);
		expect(line).not.toContain(token);
	});
});
