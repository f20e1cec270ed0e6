import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeStored } from './merge-thread';

/** A snapshot and the log of edits made after it, as the store keeps them. */
function storedNote() {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	text.insert(0, 'Agenda: the school route.');
	const snapshot = Y.encodeStateAsUpdate(doc);
	const log: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => log.push(update));
	text.insert(text.length, ' Police briefing.');
	text.delete(0, 'Agenda: '.length);
	text.insert(0, 'Minutes: ');
	return { snapshot, log, expected: text.toString() };
}
const textOf = (state: Uint8Array) => {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc.getText('t').toString();
};

describe('the merge thread', () => {
	it('folds a snapshot and its log into one snapshot holding every edit, deletions included', async () => {
		const { snapshot, log, expected } = storedNote();
		const state = await mergeStored([snapshot, ...log]);
		expect(textOf(state)).toBe(expected);
		expect(textOf(state)).toBe('Minutes: the school route. Police briefing.');
	});

	it('fails a merge of bytes that are not updates, and merges the next request as usual', async () => {
		const garbage = new Uint8Array([200, 1, 2, 3, 255, 255]);
		await expect(mergeStored([garbage])).rejects.toThrow();
		const { snapshot, log, expected } = storedNote();
		expect(textOf(await mergeStored([snapshot, ...log]))).toBe(expected);
	});
});
