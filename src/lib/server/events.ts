/**
 * Things that happened in this process that other parts of it react to at once: the
 * collaboration server rechecks the live connections a change of access concerns, and (with
 * the meetings and action plan) open board views refresh. Subscribers run synchronously
 * after the change is committed; one that throws does not stop the others.
 *
 * One process serves the app, so an in-process bus reaches everyone. What another process
 * changes (a second instance, an operator in psql, an expiring session) is still caught by
 * the collaboration server's periodic check.
 */
export type AppEvent =
	/** Someone's right to open or edit notes may have changed. */
	| { type: 'access'; userIds?: string[]; sessionIds?: string[]; noteIds?: string[] }
	/**
	 * Something on a board changed that open views show (the action plan, a meeting). Carries
	 * no content: each view reloads what its viewer may see, so nothing leaks through events.
	 */
	| { type: 'board'; municipalityId: string; topic: BoardTopic };

export const BOARD_TOPICS = ['actions', 'meetings', 'notes'] as const;
export type BoardTopic = (typeof BOARD_TOPICS)[number];

type Listener = (event: AppEvent) => void;
const listeners = new Set<Listener>();

export function publish(event: AppEvent): void {
	for (const listener of listeners) {
		try {
			listener(event);
		} catch (err) {
			console.error(`events: a listener failed on ${event.type}: ${(err as Error).message}`);
		}
	}
}

/** Returns the unsubscribe function. */
export function subscribe(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}
