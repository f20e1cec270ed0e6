import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { inkOn, isSafeHref, linkOptions, toHref } from './extensions';

// The schema the editor uses for links, built without a document or a connection.
const schema = getSchema([StarterKit.configure({ undoRedo: false, link: linkOptions })]);
const linkType = schema.marks.link;
const rendered = (href: string) => (linkType.spec.toDOM!(linkType.create({ href }), true) as [string, Record<string, string>])[1].href;
const parsed = (href: string) => {
	const rule = linkType.spec.parseDOM![0] as { getAttrs: (el: unknown) => unknown };
	return rule.getAttrs({ getAttribute: () => href });
};

describe('links in notes', () => {
	it('allow only http, https and mailto', () => {
		for (const ok of ['https://example.org', 'http://x.mk/a?b=c', 'MAILTO:someone@example.org']) expect(isSafeHref(ok)).toBe(true);
		for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'ftp://x.org', 'tel:123', '/relative', '', null]) {
			expect(isSafeHref(bad)).toBe(false);
		}
	});

	it('render a forbidden href from a peer or a stored document as an empty one', () => {
		expect(rendered('https://example.org')).toBe('https://example.org');
		expect(rendered('javascript:alert(document.cookie)')).toBe('');
		expect(rendered('data:text/html;base64,PHNjcmlwdD4=')).toBe('');
		// Tiptap's default would let these through.
		expect(rendered('ftp://example.org')).toBe('');
		expect(rendered('tel:+38970000000')).toBe('');
	});

	it('drop forbidden links from pasted HTML', () => {
		expect(parsed('javascript:alert(1)')).toBe(false);
		expect(parsed('sms:+38970000000')).toBe(false);
		expect(parsed('https://example.org')).not.toBe(false);
	});

	it('autolink only web addresses and email addresses', () => {
		expect(linkOptions.shouldAutoLink('example.org')).toBe(true);
		expect(linkOptions.shouldAutoLink('https://example.org')).toBe(true);
		expect(linkOptions.shouldAutoLink('ftp://example.org')).toBe(false);
		expect(linkOptions.shouldAutoLink('javascript:alert(1)')).toBe(false);
	});

	it('turn what a person types into a safe href, or refuse it', () => {
		expect(toHref(' example.org/path ')).toBe('https://example.org/path');
		expect(toHref('name@example.org')).toBe('mailto:name@example.org');
		expect(toHref('https://example.org')).toBe('https://example.org');
		expect(toHref('javascript:alert(1)')).toBeNull();
		expect(toHref('word')).toBeNull();
	});
});

describe('caret labels', () => {
	it('use dark text on light colours and light text on dark ones', () => {
		expect(inkOn('#bcbd22')).toBe('#000');
		expect(inkOn('#393b79')).toBe('#fff');
	});
});
