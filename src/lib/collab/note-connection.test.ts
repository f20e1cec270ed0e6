import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ahead, asPresenceUser, PendingChanges } from './note-connection.svelte';

/** A document with `n` characters typed by one client, and its state vector. */
function typed(doc: Y.Doc, text: string) {
	doc.getText('t').insert(doc.getText('t').length, text);
	return Y.getState(doc.store, doc.clientID);
}

describe('unconfirmed changes', () => {
	it('counts each local change until the server stores a state that covers it', () => {
		const doc = new Y.Doc();
		const pending = new PendingChanges();
		const first = typed(doc, 'ab');
		pending.add(new Map([[doc.clientID, first]]));
		const storedAfterFirst = Y.decodeStateVector(Y.encodeStateVector(doc));
		pending.add(new Map([[doc.clientID, typed(doc, 'c')]]));
		pending.add(new Map([[doc.clientID, typed(doc, 'd')]]));
		expect(pending.count).toBe(3);
		expect(pending.confirm(storedAfterFirst)).toBe(2);
		expect(pending.confirm(Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(0);
	});

	it('keeps changes the stored state does not reach, whatever other clients it covers', () => {
		const pending = new PendingChanges();
		pending.add(new Map([[1, 5]]));
		expect(pending.confirm(new Map([[2, 100]]))).toBe(1);
		expect(pending.confirm(new Map([[1, 4]]))).toBe(1);
		expect(pending.confirm(new Map([[1, 5]]))).toBe(0);
	});

	it('finds what an offline copy holds beyond the last stored state', () => {
		expect(ahead(new Map([[1, 5], [2, 3]]), new Map([[1, 5], [2, 1]]))).toEqual(new Map([[2, 3]]));
		expect(ahead(new Map([[1, 5]]), new Map([[1, 5]])).size).toBe(0);
		expect(ahead(new Map([[1, 5]]), null)).toEqual(new Map([[1, 5]]));
	});
});

describe('presence', () => {
	it('accepts the user field the server writes and nothing else', () => {
		expect(asPresenceUser({ name: 'Ana', organization: 'School', color: '#1f77b4' })).toEqual({ name: 'Ana', organization: 'School', color: '#1f77b4' });
		expect(asPresenceUser({ name: 'Ana', organization: 7, color: 'red; background: url(x)' })).toEqual({ name: 'Ana', organization: null, color: '#5b6675' });
		expect(asPresenceUser({ color: '#1f77b4' })).toBeNull();
		expect(asPresenceUser(undefined)).toBeNull();
	});
});
