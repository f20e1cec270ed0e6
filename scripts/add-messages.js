#!/usr/bin/env node
// Adds messages to the catalogs without clobbering someone else's concurrent edit:
//   node scripts/add-messages.js FILE.json
// where FILE.json is { "key": { "en": "…", "mk": "…", "sq": "…" }, … }. Each locale's catalog
// in messages/ gets the keys appended (an existing key is replaced in place), under a lock
// directory, so two people adding messages at once both keep theirs.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const lock = path.join(root, 'messages', '.lock');

const deadline = Date.now() + 30_000;
for (;;) {
	try {
		fs.mkdirSync(lock);
		break;
	} catch (err) {
		if (err.code !== 'EEXIST' || Date.now() > deadline) throw err;
		await new Promise((r) => setTimeout(r, 50));
	}
}
try {
	const locales = new Set(Object.values(input).flatMap((v) => Object.keys(v)));
	for (const locale of locales) {
		const file = path.join(root, 'messages', `${locale}.json`);
		const catalog = JSON.parse(fs.readFileSync(file, 'utf8'));
		for (const [key, texts] of Object.entries(input)) if (texts[locale] !== undefined) catalog[key] = texts[locale];
		fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(catalog, null, '\t')}\n`);
		fs.renameSync(`${file}.tmp`, file);
	}
	console.log(`added ${Object.keys(input).length} messages to ${[...locales].join(', ')}`);
} finally {
	fs.rmdirSync(lock);
}
