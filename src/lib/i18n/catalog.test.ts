import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const messages = (locale: string) => JSON.parse(fs.readFileSync(path.join(root, 'messages', `${locale}.json`), 'utf8'));

function svelteFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return e.name === 'paraglide' ? [] : svelteFiles(full);
		return e.name.endsWith('.svelte') ? [full] : [];
	});
}

// Attributes a person reads or a screen reader speaks.
const READ_ATTRIBUTES = new Set(['title', 'alt', 'placeholder', 'aria-label', 'label', 'value']);

/** Text a user would see that does not come from a message: letters outside {…}. */
function literals(file: string): string[] {
	const ast = parse(fs.readFileSync(file, 'utf8'), { modern: true });
	const found: string[] = [];
	const walk = (node: unknown, parent?: { type?: string; name?: string }): void => {
		if (!node || typeof node !== 'object') return;
		const n = node as Record<string, unknown> & { type?: string };
		if (n.type === 'Text' && /\p{L}/u.test(String(n.data)) && parent?.type !== 'Attribute') found.push(String(n.data).trim());
		if (n.type === 'Attribute' && READ_ATTRIBUTES.has(String(n.name)) && Array.isArray(n.value)) {
			for (const v of n.value as { type: string; data?: string }[]) if (v.type === 'Text' && /\p{L}/u.test(v.data ?? '')) found.push(`${n.name}="${v.data}"`);
		}
		if (n.type === 'Attribute') return;
		for (const [key, value] of Object.entries(n)) {
			if (key === 'instance' || key === 'module' || key === 'css') continue;
			if (Array.isArray(value)) value.forEach((v) => walk(v, n as { type?: string }));
			else if (value && typeof value === 'object') walk(value, n as { type?: string });
		}
	};
	walk(ast.fragment);
	return found;
}

describe('translations', () => {
	it('Macedonian has every English message, with the same placeholders', () => {
		const en = messages('en');
		const mk = messages('mk');
		// A plural message is an array of variants (inlang message format): compare its text.
		const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
		const placeholders = (v: unknown) => [...text(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		expect(Object.keys(mk).sort()).toEqual(Object.keys(en).sort());
		const mismatched = Object.keys(en).filter((k) => k !== '$schema' && placeholders(en[k]).join() !== placeholders(mk[k]).join());
		expect(mismatched).toEqual([]);
	});

	it('no component shows a literal string to the user', () => {
		const files = svelteFiles(path.join(root, 'src'));
		expect(files.length).toBeGreaterThan(5);
		const offenders = files.flatMap((f) => literals(f).map((l) => `${path.relative(root, f)}: ${l}`));
		expect(offenders).toEqual([]);
	});
});
