import type { Extensions } from '@tiptap/core';
import StarterKit, { type StarterKitOptions } from '@tiptap/starter-kit';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Link from '@tiptap/extension-link';
import { NOTE_FIELD } from '$lib/collab/protocol';
import { asPresenceUser, type NoteConnection } from '$lib/collab/note-connection.svelte';
import type { PresenceUser } from '$lib/collab/presence';

/**
 * Links may only point to the web or to an email address. The link extension applies this
 * when rendering every link mark, so a `javascript:` href that arrives in a pasted document
 * or from a peer's Yjs update is rendered without its href, and it refuses to set one.
 */
export const isSafeHref = (url: string | null | undefined): boolean => /^(https?:|mailto:)/i.test(url ?? '');

/** Autolinking and link-pasting skip `isAllowedUri`: they consult this instead. */
const shouldAutoLink = (url: string) => !/^[a-z][a-z0-9+.-]*:/i.test(url) || isSafeHref(url);

export const linkOptions = {
	openOnClick: false,
	autolink: true,
	linkOnPaste: true,
	protocols: [],
	defaultProtocol: 'https',
	isAllowedUri: (url: string) => isSafeHref(url),
	shouldAutoLink
} satisfies StarterKitOptions['link'];

/** What a person typed into the link prompt, as an href; null when it is not allowed. */
export function toHref(typed: string): string | null {
	const url = typed.trim();
	if (isSafeHref(url)) return url;
	if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return null;
	if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(url)) return `mailto:${url}`;
	return /^[^\s/]+\.[^\s/]+/.test(url) ? `https://${url}` : null;
}

/** Black or white, whichever reads better on `color` (#rrggbb). */
export function inkOn(color: string): string {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255);
	return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 ? '#000' : '#fff';
}

/** A peer's caret, labelled "Name · Organization". Text only: names never become markup. */
function caret(user: Record<string, unknown>): HTMLElement {
	const person = asPresenceUser(user);
	const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#5b6675';
	const cursor = document.createElement('span');
	cursor.className = 'collaboration-carets__caret';
	cursor.style.borderColor = color;
	const label = document.createElement('span');
	label.className = 'collaboration-carets__label';
	label.style.backgroundColor = color;
	label.style.color = inkOn(color);
	label.textContent = person ? [person.name, person.organization].filter(Boolean).join(' · ') : '';
	cursor.append(label);
	return cursor;
}

export function noteExtensions(connection: NoteConnection, me: PresenceUser): Extensions {
	return [
		StarterKit.configure({
			undoRedo: false, // Collaboration brings its own undo, limited to one's own changes
			// Every client would append its own empty paragraph after a final list: duplicates,
			// and a "change" written by merely opening the note (even read-only).
			trailingNode: false,
			heading: { levels: [1, 2, 3] },
			link: false
		}),
		// Not inclusive: typing right after a link continues as plain text, not as the link.
		Link.extend({ inclusive: () => false }).configure(linkOptions),
		TaskList,
		TaskItem.configure({ nested: true }),
		Collaboration.configure({ document: connection.doc, field: NOTE_FIELD }),
		CollaborationCaret.configure({ provider: connection.provider, user: me, render: caret })
	];
}
