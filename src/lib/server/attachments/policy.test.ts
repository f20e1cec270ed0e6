import { crc32, deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkAttachment, exceedsAttachmentLimit, sanitizeFilename } from './policy';

// Small factories for the real formats: each writes the signature and the structure the
// sniffer reads, so a test fails if either the file or the detection is wrong.

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
	return out;
};
const u16 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff);
const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
const u32be = (n: number) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);

const pdf = () => ascii('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

function png() {
	const chunk = (type: string, data: Uint8Array) => {
		const body = concat(ascii(type), data);
		return concat(u32be(data.length), body, u32be(crc32(body)));
	};
	const header = concat(u32be(1), u32be(1), Uint8Array.of(8, 0, 0, 0, 0));
	const pixels = deflateSync(Uint8Array.of(0, 0));
	return concat(ascii('\x89PNG\r\n\x1a\n'), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', new Uint8Array()));
}

const jpeg = () =>
	concat(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0, 16), ascii('JFIF\0'), Uint8Array.of(1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9));

const gif = () =>
	Uint8Array.from(
		'47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b'.match(/../g)!,
		(h) => parseInt(h, 16)
	);

function webp() {
	const image = concat(ascii('VP8L'), u32(5), Uint8Array.of(0x2f, 0, 0, 0, 0), new Uint8Array(1));
	return concat(ascii('RIFF'), u32(4 + image.length), ascii('WEBP'), image);
}

/** A ZIP with stored (uncompressed) entries, in the given order. */
function zip(entries: [string, string][]) {
	const locals: Uint8Array[] = [];
	const centrals: Uint8Array[] = [];
	let offset = 0;
	for (const [name, content] of entries) {
		const nameBytes = utf8(name);
		const data = utf8(content);
		// version, flags, method (stored), time, date, CRC, sizes, name length
		const common = concat(
			...[20, 0, 0, 0, 0].map(u16),
			...[crc32(data), data.length, data.length].map(u32),
			u16(nameBytes.length)
		);
		const local = concat(u32(0x04034b50), common, u16(0), nameBytes, data);
		centrals.push(concat(u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u16(0), u32(0), u32(offset), nameBytes));
		locals.push(local);
		offset += local.length;
	}
	const directory = concat(...centrals);
	const end = concat(
		u32(0x06054b50),
		...[0, 0, entries.length, entries.length].map(u16),
		...[directory.length, offset].map(u32),
		u16(0)
	);
	return concat(...locals, directory, end);
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const ooxml = (mainPart: string, ...extra: string[]) =>
	zip([
		['[Content_Types].xml', CONTENT_TYPES],
		['_rels/.rels', '<Relationships/>'],
		[mainPart, '<document/>'],
		...extra.map((name): [string, string] => [name, 'x'])
	]);
const odf = (mimetype: string) =>
	zip([
		['mimetype', mimetype],
		['content.xml', '<office:document-content/>'],
		['META-INF/manifest.xml', '<manifest:manifest/>']
	]);

/** An OLE compound file (version 3, 512-byte sectors) whose root holds the named streams. */
function compoundFile(streams: string[]) {
	const sector = 512;
	const entries = ['Root Entry', ...streams];
	const directorySectors = Math.ceil(entries.length / 4);
	const file = new Uint8Array(sector * (2 + directorySectors));
	const v = new DataView(file.buffer);
	file.set(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1));
	v.setUint16(0x18, 0x3e, true);
	v.setUint16(0x1a, 3, true);
	v.setUint16(0x1c, 0xfffe, true);
	v.setUint16(0x1e, 9, true);
	v.setUint16(0x20, 6, true);
	v.setUint32(0x2c, 1, true); // one FAT sector…
	v.setUint32(0x30, 1, true); // …and the directory starts right after it
	v.setUint32(0x38, 4096, true);
	v.setUint32(0x3c, 0xfffffffe, true);
	v.setUint32(0x44, 0xfffffffe, true);
	for (let i = 0; i < 109; i++) v.setUint32(0x4c + i * 4, i === 0 ? 0 : 0xffffffff, true);
	const fat = sector; // sector 0
	for (let i = 0; i < sector / 4; i++) v.setUint32(fat + i * 4, 0xffffffff, true);
	v.setUint32(fat, 0xfffffffd, true);
	for (let d = 1; d <= directorySectors; d++) v.setUint32(fat + d * 4, d === directorySectors ? 0xfffffffe : d + 1, true);
	entries.forEach((name, i) => {
		const at = sector * 2 + i * 128;
		for (let c = 0; c < name.length; c++) v.setUint16(at + c * 2, name.charCodeAt(c), true);
		v.setUint16(at + 0x40, (name.length + 1) * 2, true);
		file[at + 0x42] = i === 0 ? 5 : 2;
		v.setUint32(at + 0x44, 0xffffffff, true);
		// Siblings as a chain to the right: a valid (if unbalanced) tree.
		v.setUint32(at + 0x48, i === 0 || i === entries.length - 1 ? 0xffffffff : i + 1, true);
		v.setUint32(at + 0x4c, i === 0 && entries.length > 1 ? 1 : 0xffffffff, true);
		v.setUint32(at + 0x74, 0xfffffffe, true);
	});
	return file;
}

const check = (bytes: Uint8Array, filename = 'upload.bin') => checkAttachment({ bytes, filename }, 10 * 1024 * 1024);

describe('the attachment type is decided by the bytes', () => {
	it.each([
		['pdf', pdf(), 'application/pdf', 'upload.bin.pdf'],
		['png', png(), 'image/png', 'upload.bin.png'],
		['jpeg', jpeg(), 'image/jpeg', 'upload.bin.jpg'],
		['gif', gif(), 'image/gif', 'upload.bin.gif'],
		['webp', webp(), 'image/webp', 'upload.bin.webp'],
		['docx', ooxml('word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'upload.bin.docx'],
		['xlsx', ooxml('xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'upload.bin.xlsx'],
		[
			'pptx',
			ooxml('ppt/presentation.xml'),
			'application/vnd.openxmlformats-officedocument.presentationml.presentation',
			'upload.bin.pptx'
		],
		['odt', odf('application/vnd.oasis.opendocument.text'), 'application/vnd.oasis.opendocument.text', 'upload.bin.odt'],
		['ods', odf('application/vnd.oasis.opendocument.spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet', 'upload.bin.ods'],
		['odp', odf('application/vnd.oasis.opendocument.presentation'), 'application/vnd.oasis.opendocument.presentation', 'upload.bin.odp'],
		['doc', compoundFile(['WordDocument', '1Table', '\x05SummaryInformation']), 'application/msword', 'upload.bin.doc'],
		['xls', compoundFile(['Workbook', '\x05SummaryInformation']), 'application/vnd.ms-excel', 'upload.bin.xls'],
		[
			'ppt',
			compoundFile(['Current User', 'PowerPoint Document', 'Pictures', '\x05SummaryInformation']),
			'application/vnd.ms-powerpoint',
			'upload.bin.ppt'
		]
	])('recognises %s whatever the name says', (kind, bytes, contentType, filename) => {
		expect(check(bytes)).toEqual({ ok: true, kind, contentType, filename, size: bytes.length });
	});

	it('gives a file the extension of what it is, not of what it was called', () => {
		expect(check(pdf(), 'agenda.docx')).toMatchObject({ ok: true, kind: 'pdf', filename: 'agenda.pdf' });
		expect(check(png(), 'flipchart.JPG')).toMatchObject({ ok: true, kind: 'png', filename: 'flipchart.png' });
	});

	it('accepts plain text and CSV by their extension, with the charset when it is UTF-8', () => {
		expect(check(utf8('Дневни ред:\n1. Буџет\n'), 'notes.txt')).toMatchObject({
			ok: true,
			kind: 'txt',
			contentType: 'text/plain; charset=utf-8'
		});
		expect(check(utf8('item;amount\r\nchairs;12\r\n'), 'Budget.CSV')).toMatchObject({
			ok: true,
			kind: 'csv',
			contentType: 'text/csv; charset=utf-8',
			filename: 'Budget.csv'
		});
		// Excel's "CSV" in a Cyrillic locale is Windows-1251: accepted, without a charset claim.
		const cp1251 = Uint8Array.of(0xc1, 0xf3, 0xf6, 0xe5, 0xf2, 0x3b, 0x31, 0x0d, 0x0a);
		expect(check(cp1251, 'budzet.csv')).toMatchObject({ ok: true, kind: 'csv', contentType: 'text/csv' });
		expect(check(utf8('minutes'), 'README')).toMatchObject({ ok: true, kind: 'txt', filename: 'README.txt' });
	});

	it.each([
		['HTML named .pdf', utf8('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>'), 'agenda.pdf'],
		['HTML named .txt', utf8('\ufeff  <html><body onload="alert(1)"></body></html>'), 'notes.txt'],
		['SVG named .png', utf8('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'photo.png'],
		['SVG with an XML prolog named .pdf', utf8('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.pdf'],
		['JavaScript named .pdf', utf8('fetch("/api/session").then(r => r.text())'), 'agenda.pdf'],
		['JavaScript named .js', utf8('alert(1)'), 'agenda.js'],
		['text named .html', utf8('hello <b>there</b>'), 'page.html'],
		['a Windows executable named .pdf', concat(ascii('MZ\x90\0\x03\0\0\0'), new Uint8Array(64), ascii('PE\0\0')), 'agenda.pdf'],
		['an ELF binary named .docx', concat(ascii('\x7fELF\x02\x01\x01'), new Uint8Array(32)), 'report.docx'],
		['UTF-16 text', Uint8Array.of(0xff, 0xfe, 0x41, 0, 0x42, 0), 'notes.txt'],
		['a plain ZIP named .docx', zip([['notes.txt', 'hello']]), 'report.docx'],
		['an EPUB named .odt', odf('application/epub+zip'), 'book.odt'],
		['a macro-enabled Word file named .docx', ooxml('word/document.xml', 'word/vbaProject.bin'), 'report.docx'],
		['a legacy Word file with macros', compoundFile(['WordDocument', '1Table', 'Macros']), 'report.doc'],
		['an Excel file with macros', compoundFile(['Workbook', '_VBA_PROJECT_CUR']), 'budget.xls'],
		['an Outlook message (OLE, not Office)', compoundFile(['__properties_version1.0', '__nameid_version1.0']), 'mail.doc'],
		['a truncated OLE header', compoundFile(['WordDocument']).subarray(0, 100), 'a.doc']
	])('refuses %s', (_, bytes, filename) => {
		expect(check(bytes, filename)).toMatchObject({ ok: false, code: 'type_not_allowed' });
	});
});

describe('the size limit', () => {
	afterEach(() => {
		vi.unstubAllEnvs();
		vi.resetModules();
	});

	it('refuses an empty file', () => {
		expect(check(new Uint8Array(), 'a.pdf')).toEqual({ ok: false, code: 'empty', maxBytes: 10 * 1024 * 1024 });
	});

	it('accepts exactly the limit and refuses one byte more', () => {
		const max = 10 * 1024 * 1024;
		const atLimit = new Uint8Array(max);
		atLimit.set(pdf());
		expect(checkAttachment({ bytes: atLimit, filename: 'a.pdf' }, max)).toMatchObject({ ok: true, size: max });
		const over = new Uint8Array(max + 1);
		over.set(pdf());
		expect(checkAttachment({ bytes: over, filename: 'a.pdf' }, max)).toEqual({ ok: false, code: 'too_large', maxBytes: max });
		expect(exceedsAttachmentLimit(max + 1, max)).toBe(true);
		expect(exceedsAttachmentLimit(max, max)).toBe(false);
	});

	it('defaults to 10 MiB and follows ATTACHMENT_MAX_BYTES', async () => {
		vi.stubEnv('ATTACHMENT_MAX_BYTES', '');
		vi.resetModules();
		expect((await import('./policy')).attachmentMaxBytes()).toBe(10 * 1024 * 1024);
		vi.stubEnv('ATTACHMENT_MAX_BYTES', '1024');
		vi.resetModules();
		const policy = await import('./policy');
		expect(policy.attachmentMaxBytes()).toBe(1024);
		expect(policy.checkAttachment({ bytes: new Uint8Array(1025).fill(0x41), filename: 'a.txt' })).toMatchObject({
			ok: false,
			code: 'too_large',
			maxBytes: 1024
		});
	});

	it('refuses a malformed ATTACHMENT_MAX_BYTES instead of ignoring it', async () => {
		vi.stubEnv('ATTACHMENT_MAX_BYTES', '10MB');
		vi.resetModules();
		const policy = await import('./policy');
		expect(() => policy.attachmentMaxBytes()).toThrow(/ATTACHMENT_MAX_BYTES/);
	});
});

describe('sanitized file names', () => {
	it.each([
		['../../etc/passwd', 'pdf', 'passwd.pdf'],
		['C:\\Users\\ana\\Desktop\\Записник седнице.docx', 'docx', 'Записник седнице.docx'],
		['Дневни ред — 12. седница.pdf', 'pdf', 'Дневни ред — 12. седница.pdf'],
		['invoice\u202Efdp.exe', 'pdf', 'invoicefdp.exe.pdf'],
		['zero\u200Bwidth\u0000and\r\nnewline.png', 'png', 'zerowidthand newline.png'],
		['...hidden.pdf', 'pdf', 'hidden.pdf'],
		['..', 'pdf', 'attachment.pdf'],
		['', 'png', 'attachment.png'],
		[null, 'csv', 'attachment.csv'],
		['a<b>:c|d?*"e".pdf', 'pdf', 'a_b__c_d___e_.pdf'],
		['minutes.2024', 'pdf', 'minutes.2024.pdf'],
		['photo.PNG', 'jpeg', 'photo.jpg'],
		['photo.JPEG', 'jpeg', 'photo.jpeg'],
		['CON.pdf', 'pdf', '_CON.pdf'],
		['report .pdf', 'pdf', 'report.pdf'],
		['tabs\tand\u00a0spaces   here.txt', 'txt', 'tabs and spaces here.txt'],
		['cafe\u0301.pdf', 'pdf', 'café.pdf']
	] as const)('%j as %s → %j', (raw, kind, expected) => {
		expect(sanitizeFilename(raw, kind)).toBe(expected);
	});

	it('limits the length without splitting a character and keeps the extension', () => {
		const long = sanitizeFilename(`${'Записник '.repeat(40)}.pdf`, 'pdf');
		expect(Array.from(long).length).toBeLessThanOrEqual(120);
		expect(long).toMatch(/^Записник .*[^ .]\.pdf$/);
		const emoji = sanitizeFilename(`${'😀'.repeat(200)}.png`, 'png');
		expect(Array.from(emoji).length).toBe(120);
		expect(emoji.isWellFormed()).toBe(true);
		expect(emoji.endsWith('😀.png')).toBe(true);
	});

	it('is what checkAttachment stores', () => {
		expect(check(pdf(), '../../etc/passwd')).toMatchObject({ ok: true, filename: 'passwd.pdf' });
	});
});
