import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { documentFromBlocks, documentText } from './document';

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
});
