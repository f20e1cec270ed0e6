import { config } from '$lib/server/config';
import { isUtf8, sniff, type BinaryKind } from './detect';

/**
 * What may be attached to meetings and action items, decided from the file's bytes. Routes
 * call `checkAttachment` and store only what it returns: the detected content type and a
 * sanitized name whose extension agrees with it.
 */

export type AttachmentKind = BinaryKind | 'txt' | 'csv';

type AttachmentType = {
	contentType: string;
	/** The first one is what a name gets when its own extension does not fit. */
	extensions: readonly string[];
	/** Raster images only: nothing in them can run, so a browser may show them in a tab. */
	inline: boolean;
};

export const ATTACHMENT_TYPES: Readonly<Record<AttachmentKind, Readonly<AttachmentType>>> = {
	pdf: { contentType: 'application/pdf', extensions: ['pdf'], inline: false },
	png: { contentType: 'image/png', extensions: ['png'], inline: true },
	jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], inline: true },
	gif: { contentType: 'image/gif', extensions: ['gif'], inline: true },
	webp: { contentType: 'image/webp', extensions: ['webp'], inline: true },
	txt: { contentType: 'text/plain', extensions: ['txt'], inline: false },
	csv: { contentType: 'text/csv', extensions: ['csv'], inline: false },
	docx: {
		contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		extensions: ['docx'],
		inline: false
	},
	xlsx: {
		contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		extensions: ['xlsx'],
		inline: false
	},
	pptx: {
		contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		extensions: ['pptx'],
		inline: false
	},
	odt: { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], inline: false },
	ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], inline: false },
	odp: { contentType: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'], inline: false },
	doc: { contentType: 'application/msword', extensions: ['doc'], inline: false },
	xls: { contentType: 'application/vnd.ms-excel', extensions: ['xls'], inline: false },
	ppt: { contentType: 'application/vnd.ms-powerpoint', extensions: ['ppt'], inline: false }
};

const KNOWN_EXTENSIONS = new Set(Object.values(ATTACHMENT_TYPES).flatMap((t) => t.extensions));

export type AttachmentRejection = 'empty' | 'too_large' | 'type_not_allowed';

export type AttachmentCheck =
	| { ok: true; kind: AttachmentKind; contentType: string; filename: string; size: number }
	| { ok: false; code: AttachmentRejection; maxBytes: number };

/** The configured limit; a malformed ATTACHMENT_MAX_BYTES stops here rather than being ignored. */
export function attachmentMaxBytes(): number {
	const max = config.attachmentMaxBytes;
	if (!Number.isSafeInteger(max) || max <= 0) {
		throw new Error(`ATTACHMENT_MAX_BYTES must be a positive whole number of bytes, not ${max}`);
	}
	return max;
}

/**
 * For the size a client declares (File.size, Content-Length) before the body is read, so an
 * oversized upload is refused without buffering it.
 */
export function exceedsAttachmentLimit(size: number, maxBytes = attachmentMaxBytes()): boolean {
	return size > maxBytes;
}

export function checkAttachment(
	file: { bytes: Uint8Array; filename: string | null | undefined },
	maxBytes = attachmentMaxBytes()
): AttachmentCheck {
	const { bytes } = file;
	if (bytes.byteLength === 0) return { ok: false, code: 'empty', maxBytes };
	if (bytes.byteLength > maxBytes) return { ok: false, code: 'too_large', maxBytes };
	const sniffed = sniff(bytes);
	const kind = sniffed === 'text' ? textKind(file.filename) : sniffed;
	if (!kind) return { ok: false, code: 'type_not_allowed', maxBytes };
	let contentType = ATTACHMENT_TYPES[kind].contentType;
	if (sniffed === 'text' && isUtf8(bytes)) contentType += '; charset=utf-8';
	const filename = sanitizeFilename(file.filename, kind);
	return { ok: true, kind, contentType, filename, size: bytes.byteLength };
}

/**
 * Text has no signature, so here (only here) the name decides between .txt and .csv. Text
 * under any other extension (.html, .js, .svg, .sh) is refused: its name says what a
 * program would do with it once downloaded.
 */
function textKind(filename: string | null | undefined): 'txt' | 'csv' | null {
	const extension = splitExtension(cleanName(filename ?? ''))[1];
	if (extension === 'csv') return 'csv';
	if (extension === 'txt' || extension === '') return 'txt';
	return null;
}

/** The kind a stored content type stands for, or `null` when it is not on the allowlist. */
export function kindOfContentType(contentType: string): AttachmentKind | null {
	const essence = contentType.split(';')[0].trim().toLowerCase();
	const entry = Object.entries(ATTACHMENT_TYPES).find(([, type]) => type.contentType === essence);
	return entry ? (entry[0] as AttachmentKind) : null;
}

const MAX_NAME_LENGTH = 120;
const FALLBACK_NAME = 'attachment';

/**
 * A name that is safe to store, show and offer for download: no directories, no control or
 * bidi-override characters (which can make "gpj.exe" read as "exe.jpg"), nothing Windows
 * refuses, at most 120 characters, letters of any script kept, and an extension that
 * matches `kind`. An unknown extension is kept in the name and the right one appended
 * ("minutes.2024" → "minutes.2024.pdf"), a known but wrong one is replaced.
 */
export function sanitizeFilename(raw: string | null | undefined, kind: AttachmentKind | null): string {
	const name = cleanName(raw ?? '');
	let [base, extension] = splitExtension(name);
	if (kind) {
		const allowed = ATTACHMENT_TYPES[kind].extensions;
		if (!allowed.includes(extension)) {
			if (!KNOWN_EXTENSIONS.has(extension)) base = name;
			extension = allowed[0];
		}
	}
	const suffix = extension ? `.${extension}` : '';
	base = trimEnds(Array.from(base).slice(0, MAX_NAME_LENGTH - suffix.length).join(''));
	if (!base) base = FALLBACK_NAME;
	// CON, NUL, COM1… name devices on Windows, whatever the extension.
	if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(base)) base = `_${base}`;
	return base + suffix;
}

function cleanName(raw: string): string {
	let name = raw.toWellFormed().normalize('NFC');
	name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
	name = name
		.replace(/\s+/gu, ' ')
		.replace(/[\p{Cc}\p{Cf}]/gu, '')
		.replace(/[<>:"|?*]/g, '_');
	return trimEnds(name);
}

/** Leading dots hide files (and spell ".."); Windows drops trailing dots and spaces. */
function trimEnds(name: string): string {
	return name.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

/** `[base, lowercased extension]`; the extension is '' unless it looks like one. */
function splitExtension(name: string): [string, string] {
	const dot = name.lastIndexOf('.');
	const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
	return /^[a-z0-9]{1,8}$/.test(extension) ? [name.slice(0, dot), extension] : [name, ''];
}
