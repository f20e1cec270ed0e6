import { equalityDeep } from 'lib0/function';
import { ObservableV2 } from 'lib0/observable';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { AwarenessEntry } from './awareness-identity';

/*
 * An open note's Yjs document and awareness, as the server holds them. A Y.Doc and an
 * Awareness are made for clients, and carry parts a server never uses; an idle open note
 * costs little more than these two, so what the server does not use is dropped here.
 * Measured with the async hooks SvelteKit turns on: 3.4 KB per empty document and awareness
 * before, 2.0 KB after (docs/benchmarks.md).
 */

/** Yjs's default garbage-collection filter (collect everything), one function for all documents. */
const COLLECT_ALL = () => true;

/** A promise that never settles, which is what a server document's whenLoaded and whenSynced are. */
const NEVER: Promise<never> = new Promise(() => {});

/**
 * A document for the note `noteId`. Unlike `new Y.Doc()`:
 * - its guid is the note's id, which the room holds anyway (Yjs would make a random one);
 * - it has none of the machinery behind `whenLoaded`, `whenSynced` and the `load` and `sync`
 *   events: providers drive those on clients; on the server nothing emits them, so their
 *   listeners, closures and two pending promises were about 1.2 KB per document for nothing.
 *   ObservableV2's own destroy() empties the listener table, which then holds only what the
 *   room adds. The promises are replaced by one shared promise that, like them, never settles.
 */
export function roomDocument(noteId: string): Y.Doc {
	const doc = new Y.Doc({ guid: noteId, gcFilter: COLLECT_ALL });
	ObservableV2.prototype.destroy.call(doc);
	doc.whenLoaded = NEVER;
	doc.whenSynced = NEVER;
	return doc;
}

/**
 * The awareness of a room's document, with no state of the server's own and without the
 * interval each Awareness starts to expire stale states: the server expires them for every
 * room on one timer (`expireStates`). The awareness goes when its document is destroyed.
 */
export function roomAwareness(doc: Y.Doc): awarenessProtocol.Awareness {
	const awareness = new awarenessProtocol.Awareness(doc);
	awareness.setLocalState(null);
	clearInterval(awareness._checkInterval);
	awareness._checkInterval = undefined;
	return awareness;
}

/**
 * Removes the states not renewed within y-protocols' outdatedTimeout (clients renew theirs every
 * 15 s), as the interval of a stock Awareness does; the removal reaches the awareness's
 * listeners with origin 'timeout'.
 */
export function expireStates(awareness: awarenessProtocol.Awareness, now = Date.now()): void {
	const stale: number[] = [];
	awareness.meta.forEach((meta, clientId) => {
		if (clientId !== awareness.clientID && now - meta.lastUpdated >= awarenessProtocol.outdatedTimeout && awareness.states.has(clientId)) {
			stale.push(clientId);
		}
	});
	if (stale.length > 0) awarenessProtocol.removeAwarenessStates(awareness, stale, 'timeout');
}

/**
 * y-protocols' applyAwarenessUpdate for entries already parsed (stampAwarenessUpdate parses
 * each state once, to stamp it): the same rules for which entries take effect (a newer clock,
 * or a removal at the same clock), the same states and meta, and the same 'change' and
 * 'update' events. Parsing every cursor move a second time was the largest part of handling it.
 */
export function applyAwarenessEntries(awareness: awarenessProtocol.Awareness, entries: AwarenessEntry[], origin: unknown): void {
	const timestamp = Date.now();
	const added: number[] = [];
	const updated: number[] = [];
	const filteredUpdated: number[] = [];
	const removed: number[] = [];
	for (const entry of entries) {
		const { clientId, state } = entry;
		let clock = entry.clock;
		const meta = awareness.meta.get(clientId);
		const previous = awareness.states.get(clientId);
		const current = meta === undefined ? 0 : meta.clock;
		if (current < clock || (current === clock && state === null && awareness.states.has(clientId))) {
			if (state === null) {
				// As y-protocols does: a remote client never removes this awareness's own state.
				if (clientId === awareness.clientID && awareness.getLocalState() != null) clock++;
				else awareness.states.delete(clientId);
			} else {
				awareness.states.set(clientId, state);
			}
			awareness.meta.set(clientId, { clock, lastUpdated: timestamp });
			if (meta === undefined && state !== null) added.push(clientId);
			else if (meta !== undefined && state === null) removed.push(clientId);
			else if (state !== null) {
				if (!equalityDeep(state, previous)) filteredUpdated.push(clientId);
				updated.push(clientId);
			}
		}
	}
	if (added.length > 0 || filteredUpdated.length > 0 || removed.length > 0) {
		awareness.emit('change', [{ added, updated: filteredUpdated, removed }, origin]);
	}
	if (added.length > 0 || updated.length > 0 || removed.length > 0) {
		awareness.emit('update', [{ added, updated, removed }, origin]);
	}
}
