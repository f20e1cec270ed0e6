import { requireBoard } from '$lib/server/auth/guards';
import { subscribe, type AppEvent } from '$lib/server/events';
import type { RequestHandler } from './$types';

/** Comments keep proxies and browsers from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

/**
 * Live updates for a board's open pages (server-sent events): "the action plan changed",
 * "a meeting changed". Events carry no content; the page reloads its data through its own
 * load function, which applies the viewer's permissions. When the viewer's access changes
 * the stream ends, and the browser's reconnect is authorized afresh.
 */
export const GET: RequestHandler = async (event) => {
	const { municipality, user, sessionId } = await requireBoard(event, 'board.view');
	const encoder = new TextEncoder();
	let stop = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const send = (text: string) => {
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					stop(); // the reader has gone
				}
			};
			const unsubscribe = subscribe((e: AppEvent) => {
				if (e.type === 'board' && e.municipalityId === municipality.id) {
					send(`event: board\ndata: ${JSON.stringify({ topic: e.topic })}\n\n`);
				} else if (e.type === 'access' && (e.userIds?.includes(user.id) || e.sessionIds?.includes(sessionId))) {
					stop();
					try {
						controller.close();
					} catch {
						// already closed
					}
				}
			});
			const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
			stop = () => {
				clearInterval(heartbeat);
				unsubscribe();
			};
			// Reconnect after 2 s if the connection drops (the EventSource default is 3 s or so).
			send('retry: 2000\n\n');
		},
		cancel() {
			stop();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
};
