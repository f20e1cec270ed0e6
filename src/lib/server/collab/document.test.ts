import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { documentFromBlocks, documentText, stateVectorMessage } from './document';

describe('note documents', () => {
	it('turn blocks into the tree the editor writes, and back into plain text', () => {
		const doc = new Y.Doc();
		Y.applyUpdate(
			doc,
			documentFromBlocks([
				{ heading: 'Agenda', level: 1 },
				{ paragraph: 'Opening words.' },
				{ bullets: ['First point', 'Second point'] },
				{ tasks: [{ text: 'Send the minutes', done: true }] }
			])
		);
		const root = doc.getXmlFragment('default');
		expect(root.toArray().map((n) => (n as Y.XmlElement).nodeName)).toEqual(['heading', 'paragraph', 'bulletList', 'taskList']);
		expect((root.get(0) as Y.XmlElement).getAttribute('level')).toBe(1);
		expect(documentText(doc)).toBe('Agenda\nOpening words.\nFirst point\nSecond point\nSend the minutes');
	});

	it('gives an empty document empty text', () => {
		expect(documentText(new Y.Doc())).toBe('');
	});

	it('write the state vector into a message as Y.encodeStateVector would', () => {
		const readBack = (message: Uint8Array) => {
			const decoder = decoding.createDecoder(message);
			expect(decoding.readVarUint(decoder)).toBe(100);
			const vector = decoding.readVarUint8Array(decoder);
			expect(decoding.hasContent(decoder)).toBe(false);
			return Y.decodeStateVector(vector);
		};
		expect(readBack(stateVectorMessage(100, new Y.Doc()))).toEqual(new Map());
		// Clients with large ids and clocks past one varint byte, as real documents have.
		const doc = new Y.Doc();
		for (const clientID of [1, 300, 2 ** 31 + 5]) {
			const writer = new Y.Doc();
			writer.clientID = clientID;
			Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
			writer.getText('t').insert(0, 'x'.repeat(clientID === 300 ? 20_000 : 3));
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer));
		}
		const expected = Y.decodeStateVector(Y.encodeStateVector(doc));
		expect(expected.size).toBe(3);
		expect(readBack(stateVectorMessage(100, doc))).toEqual(expected);
	});
});
