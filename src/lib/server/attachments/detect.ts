/**
 * Content sniffing for uploads: what a file is, read from its bytes. The browser's claimed
 * type and the file name are both under the uploader's control, so neither decides.
 */

export type BinaryKind =
	| 'pdf'
	| 'png'
	| 'jpeg'
	| 'gif'
	| 'webp'
	| 'docx'
	| 'xlsx'
	| 'pptx'
	| 'odt'
	| 'ods'
	| 'odp'
	| 'doc'
	| 'xls'
	| 'ppt';

/** A binary kind, `'text'` for plain text without a signature, or `null` for anything else. */
export function sniff(bytes: Uint8Array): BinaryKind | 'text' | null {
	if (startsWith(bytes, '%PDF-')) return 'pdf';
	if (startsWith(bytes, '\x89PNG\r\n\x1a\n')) return 'png';
	if (startsWith(bytes, '\xff\xd8\xff')) return 'jpeg';
	if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
	if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
	if (startsWith(bytes, 'PK\x03\x04')) return zipKind(bytes);
	if (startsWith(bytes, '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1')) return compoundFileKind(bytes);
	return isPlainText(bytes) ? 'text' : null;
}

export function isUtf8(bytes: Uint8Array): boolean {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

function startsWith(bytes: Uint8Array, signature: string, offset = 0): boolean {
	if (bytes.length < offset + signature.length) return false;
	for (let i = 0; i < signature.length; i++) {
		if (bytes[offset + i] !== signature.charCodeAt(i)) return false;
	}
	return true;
}

function view(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Text has no signature, so it is whatever is left: no NULs or control characters (which
 * rules out executables and UTF-16), and no markup at the start, so HTML, SVG and XML are
 * refused even though text/plain with nosniff would keep a browser from rendering them.
 */
function isPlainText(bytes: Uint8Array): boolean {
	for (const byte of bytes) {
		if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
			return false;
		}
	}
	const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 1024)).replace(/^\ufeff/, '');
	return !/^\s*<[!?a-z/]/i.test(head);
}

const ODF_MIMETYPES: Record<string, BinaryKind> = {
	'application/vnd.oasis.opendocument.text': 'odt',
	'application/vnd.oasis.opendocument.spreadsheet': 'ods',
	'application/vnd.oasis.opendocument.presentation': 'odp'
};

/**
 * OpenDocument puts an uncompressed `mimetype` entry first (ODF 1.2 part 3, 3.3); Office Open
 * XML has `[Content_Types].xml` plus a main part whose name every producer keeps. Any other
 * ZIP (a plain archive, a JAR, an EPUB) is refused, and so is a macro-enabled document
 * renamed to .docx/.xlsx/.pptx: agendas do not need macros, and macros are how Office
 * files carry malware.
 */
function zipKind(bytes: Uint8Array): BinaryKind | null {
	const v = view(bytes);
	if (bytes.length < 30) return null;
	const nameLength = v.getUint16(26, true);
	const extraLength = v.getUint16(28, true);
	const name = latin1(bytes.subarray(30, 30 + Math.min(nameLength, 8)));
	if (name === 'mimetype' && nameLength === 8) {
		if (v.getUint16(8, true) !== 0) return null;
		const start = 30 + nameLength + extraLength;
		const length = v.getUint32(18, true);
		if (length > 100) return null;
		const mimetype = latin1(bytes.subarray(start, start + length));
		return ODF_MIMETYPES[mimetype] ?? null;
	}
	const names = zipEntryNames(bytes);
	if (!names?.has('[Content_Types].xml')) return null;
	if ([...names].some((entry) => /(^|\/)vbaProject\.bin$/i.test(entry))) return null;
	if (names.has('word/document.xml')) return 'docx';
	if (names.has('xl/workbook.xml')) return 'xlsx';
	if (names.has('ppt/presentation.xml')) return 'pptx';
	return null;
}

/** Entry names from the central directory, or `null` when it cannot be found. */
function zipEntryNames(bytes: Uint8Array): Set<string> | null {
	const v = view(bytes);
	// The end-of-central-directory record is 22 bytes plus a comment of at most 65535.
	let end = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
		if (v.getUint32(i, true) === 0x06054b50) {
			end = i;
			break;
		}
	}
	if (end < 0) return null;
	const count = v.getUint16(end + 10, true);
	let at = v.getUint32(end + 16, true);
	const names = new Set<string>();
	for (let i = 0; i < count; i++) {
		if (at + 46 > bytes.length || v.getUint32(at, true) !== 0x02014b50) return null;
		const nameLength = v.getUint16(at + 28, true);
		names.add(new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)));
		at += 46 + nameLength + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
	}
	return names;
}

function latin1(bytes: Uint8Array): string {
	return String.fromCharCode(...bytes);
}

const END_OF_CHAIN = 0xfffffffe;
const MAX_SECTOR = 0xfffffffa;

/**
 * Legacy Office files are OLE compound files, as are MSI installers and Outlook messages,
 * so the signature alone is not enough: the streams directly under the root say which
 * application wrote the file (nested storages belong to embedded objects, so only the
 * root's own children count). Word and Excel macros live in root storages and are refused;
 * PowerPoint keeps its macros inside the main stream, where this check cannot see them.
 */
function compoundFileKind(bytes: Uint8Array): BinaryKind | null {
	if (bytes.length < 512) return null;
	const v = view(bytes);
	const shift = v.getUint16(0x1e, true);
	if (shift !== 9 && shift !== 12) return null;
	const size = 1 << shift;
	const sector = (n: number) => (n + 1) * size;
	const inFile = (n: number) => n < MAX_SECTOR && sector(n) + size <= bytes.length;

	// The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
	const fatCount = v.getUint32(0x2c, true);
	const fat: number[] = [];
	for (let i = 0; i < 109 && fat.length < fatCount; i++) fat.push(v.getUint32(0x4c + i * 4, true));
	for (let d = v.getUint32(0x44, true), hops = 0; fat.length < fatCount && inFile(d); hops++) {
		if (hops > 1024) return null;
		for (let i = 0; i < size / 4 - 1 && fat.length < fatCount; i++) {
			fat.push(v.getUint32(sector(d) + i * 4, true));
		}
		d = v.getUint32(sector(d) + size - 4, true);
	}
	const next = (n: number) => {
		const fatSector = fat[Math.floor(n / (size / 4))];
		return fatSector === undefined || !inFile(fatSector)
			? END_OF_CHAIN
			: v.getUint32(sector(fatSector) + (n % (size / 4)) * 4, true);
	};

	type Entry = { name: string; type: number; left: number; right: number; child: number };
	const entries: Entry[] = [];
	// Hop limit: a crafted FAT can loop.
	for (let n = v.getUint32(0x30, true), hops = 0; inFile(n) && hops < 4096; n = next(n), hops++) {
		for (let at = sector(n); at < sector(n) + size; at += 128) {
			const nameBytes = Math.min(Math.max(v.getUint16(at + 0x40, true) - 2, 0), 62);
			entries.push({
				name: new TextDecoder('utf-16le').decode(bytes.subarray(at, at + nameBytes)),
				type: bytes[at + 0x42],
				left: v.getUint32(at + 0x44, true),
				right: v.getUint32(at + 0x48, true),
				child: v.getUint32(at + 0x4c, true)
			});
		}
	}
	if (entries[0]?.type !== 5) return null;

	// The root's children form a tree linked through left/right siblings.
	const names = new Set<string>();
	const seen = new Set<number>();
	const pending = [entries[0].child];
	while (pending.length > 0) {
		const i = pending.pop()!;
		if (i >= entries.length || seen.has(i)) continue;
		seen.add(i);
		names.add(entries[i].name);
		pending.push(entries[i].left, entries[i].right);
	}
	if (names.has('Macros') || names.has('_VBA_PROJECT_CUR')) return null;
	if (names.has('WordDocument')) return 'doc';
	if (names.has('Workbook') || names.has('Book')) return 'xls';
	if (names.has('PowerPoint Document')) return 'ppt';
	return null;
}
