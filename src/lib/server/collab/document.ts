import * as Y from 'yjs';
import { NOTE_FIELD } from '$lib/collab/protocol';
import { varUintLength, writeVarUint } from './frame';

/**
 * A note's Yjs document holds a ProseMirror tree (Tiptap's schema) in the XmlFragment
 * NOTE_FIELD, the way y-prosemirror writes it: an XmlElement per node, XmlText for text.
 */

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'taskItem', 'blockquote', 'codeBlock']);

/** Plain text for search and previews: one line per block. */
export function documentText(doc: Y.Doc): string {
	const lines: string[] = [];
	const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText, line: string[]): void => {
		if (node instanceof Y.XmlText) {
			line.push(node.toDelta().map((d: { insert: unknown }) => (typeof d.insert === 'string' ? d.insert : '')).join(''));
			return;
		}
		const isBlock = node instanceof Y.XmlElement && BLOCKS.has(node.nodeName);
		const own: string[] = isBlock ? [] : line;
		for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText, own);
		if (isBlock) {
			const text = own.join('').trim();
			if (text) lines.push(text);
		}
	};
	walk(doc.getXmlFragment(NOTE_FIELD), []);
	return lines.join('\n');
}

/** Seed content, written as blocks. */
export type Block =
	| { heading: string; level?: 1 | 2 | 3 }
	| { paragraph: string }
	| { bullets: string[] }
	| { tasks: { text: string; done?: boolean }[] };

function element(name: string, children: (Y.XmlElement | Y.XmlText)[], attrs: Record<string, unknown> = {}) {
	const el = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as string);
	el.insert(0, children);
	return el;
}
const text = (value: string) => {
	const t = new Y.XmlText();
	t.insert(0, value);
	return t;
};
const paragraph = (value: string) => element('paragraph', [text(value)]);

/** A document update holding `blocks`, as the editor would have written them. */
export function documentFromBlocks(blocks: Block[]): Uint8Array {
	const doc = new Y.Doc();
	const nodes = blocks.map((b) => {
		if ('heading' in b) return element('heading', [text(b.heading)], { level: b.level ?? 2 });
		if ('paragraph' in b) return paragraph(b.paragraph);
		if ('bullets' in b) return element('bulletList', b.bullets.map((item) => element('listItem', [paragraph(item)])));
		return element('taskList', b.tasks.map((t) => element('taskItem', [paragraph(t.text)], { checked: t.done ?? false })));
	});
	doc.getXmlFragment(NOTE_FIELD).insert(0, nodes);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/**
 * A message `type` carrying the document's state vector, in the bytes Y.encodeStateVector
 * gives (a length, then the vector), written straight from the document's store into one
 * buffer: the room writes one on every store, and Y.encodeStateVector built a map, a sorted
 * copy and two buffers each time. (Entries are in the store's order, not sorted; readers
 * build a map.)
 */
export function stateVectorMessage(type: number, doc: Y.Doc): Uint8Array {
	const clients = doc.store.clients;
	let vector = varUintLength(clients.size);
	for (const [client, structs] of clients) vector += varUintLength(client) + varUintLength(nextClock(structs));
	const message = new Uint8Array(varUintLength(type) + varUintLength(vector) + vector);
	let pos = writeVarUint(message, 0, type);
	pos = writeVarUint(message, pos, vector);
	pos = writeVarUint(message, pos, clients.size);
	for (const [client, structs] of clients) {
		pos = writeVarUint(message, pos, client);
		pos = writeVarUint(message, pos, nextClock(structs));
	}
	return message;
}

/** The clock after a client's last struct: its entry in the state vector. */
const nextClock = (structs: { id: { clock: number }; length: number }[]) => {
	const last = structs[structs.length - 1];
	return last.id.clock + last.length;
};
