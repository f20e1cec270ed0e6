import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE } from '$lib/collab/protocol';
import { LIMITS } from './limits';
import { Room, type Peer } from './room';
import type { NoteStore } from './store';

const REFRESH_MS = 10_000;
const ROOMS = 40;
const peer: Peer = { user: { name: 'Ana', organization: 'Police', color: '#1f77b4' }, readOnly: false, send: () => {}, quiet: () => true };

/** A store in memory that notes when each note's searchable text is written. */
function recordingStore() {
	const textWrites = new Map<string, number[]>();
	const store = {
		load: async () => ({ update: null, logLength: 0 }),
		append: async (noteId: string, _update: Uint8Array | null, text: string | null) => {
			if (text !== null) (textWrites.get(noteId) ?? textWrites.set(noteId, []).get(noteId)!).push(Date.now());
		},
		compact: async () => {}
	} as unknown as NoteStore;
	return { store, textWrites };
}

/** A y-websocket sync message carrying an edit that types `words`. */
function edit(words: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, words);
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MESSAGE.sync);
	encoding.writeVarUint(e, syncProtocol.messageYjsUpdate);
	encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
	doc.destroy();
	return encoding.toUint8Array(e);
}

describe('the searchable text of rooms loaded together', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('is refreshed spread over the refresh interval, each within it of the edit', async () => {
		const { store, textWrites } = recordingStore();
		// A restart: every room loads at once and gets an edit at once.
		const rooms = Array.from({ length: ROOMS }, (_, i) => new Room(`note-${i}`, store, () => {}, REFRESH_MS));
		await Promise.all(rooms.map((room) => room.join(peer)));
		const editedAt = Date.now();
		rooms.forEach((room, i) => room.receive(peer, edit(`words ${i}`)));
		await vi.advanceTimersByTimeAsync(REFRESH_MS + LIMITS.flushDelayMs + LIMITS.storeWindowMs + 100);

		const firstWrites = rooms.map((room) => textWrites.get(room.noteId)?.[0]);
		expect(firstWrites.every((at) => at !== undefined)).toBe(true);
		const delays = firstWrites.map((at) => at! - editedAt);
		// The promise: the text is never more than a refresh (and a store) behind the edit.
		expect(Math.max(...delays)).toBeLessThanOrEqual(REFRESH_MS + LIMITS.flushDelayMs + LIMITS.storeWindowMs);
		// Not in one burst: they fall across most of the interval (all at the first store, as
		// when a loaded text counted as never written, would be a spread of 0).
		expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(REFRESH_MS / 2);
		for (const room of rooms) await room.freeze();
	});
});
