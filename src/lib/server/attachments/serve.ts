import { ATTACHMENT_TYPES, kindOfContentType, sanitizeFilename } from './policy';

/**
 * The response for an attachment download. Uploads are user content served from our own
 * origin, so the headers assume the worst about the bytes: the browser must not sniff them,
 * must not run anything in them, and must save rather than open anything but an image.
 */

export type AttachmentFile = {
	bytes: Uint8Array;
	/** As stored from `checkAttachment`; anything off the allowlist is served as octet-stream. */
	contentType: string;
	filename: string;
};

export type ServeOptions = {
	/** Force a download even for images. */
	download?: boolean;
	/** Let the browser keep its copy this long; keys never change content, so this is safe. */
	cacheSeconds?: number;
};

export function attachmentResponse(file: AttachmentFile, options: ServeOptions = {}): Response {
	const kind = kindOfContentType(file.contentType);
	let contentType = kind ? ATTACHMENT_TYPES[kind].contentType : 'application/octet-stream';
	if ((kind === 'txt' || kind === 'csv') && /;\s*charset=utf-8\s*$/i.test(file.contentType)) {
		contentType += '; charset=utf-8';
	}
	const inline = kind !== null && ATTACHMENT_TYPES[kind].inline && !options.download;
	// Off the allowlist means a damaged row (checkAttachment never stores such a type); ".bin"
	// keeps a saved "page.html" from opening in a browser straight from the downloads folder.
	const filename = kind
		? sanitizeFilename(file.filename, kind)
		: `${sanitizeFilename(file.filename, null)}.bin`;
	const cacheSeconds = Math.floor(options.cacheSeconds ?? 0);
	const headers = new Headers({
		'content-type': contentType,
		'content-length': String(file.bytes.byteLength),
		'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', filename),
		'x-content-type-options': 'nosniff',
		// Even a file a browser did render gets an opaque origin and may load nothing.
		'content-security-policy': "default-src 'none'; sandbox",
		// Other sites cannot embed our users' files with our users' cookies.
		'cross-origin-resource-policy': 'same-origin',
		// Private either way: shared caches must never hold a municipality's documents.
		'cache-control': cacheSeconds > 0 ? `private, max-age=${cacheSeconds}, immutable` : 'private, no-store'
	});
	// A copy with its own ArrayBuffer: the stored bytes may be a view into a larger buffer.
	return new Response(new Uint8Array(file.bytes), { status: 200, headers });
}

/**
 * RFC 6266 with the RFC 8187 (formerly 5987) extended parameter: every current browser reads
 * `filename*`, so the ASCII `filename` is only a fallback and may be rough.
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
	return `${type}; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeRfc8187(filename)}`;
}

function asciiFallback(filename: string): string {
	const dot = filename.lastIndexOf('.');
	const [base, extension] = dot > 0 ? [filename.slice(0, dot), filename.slice(dot)] : [filename, ''];
	// Accents come off ("Čačak" → "Cacak"); a name that would lose letters (Cyrillic, CJK)
	// becomes "attachment" rather than a row of underscores.
	const ascii = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '');
	const replace = (s: string) =>
		s
			// Quotes and backslashes would end or escape the quoted string; some old clients
			// percent-decode `filename`, so % goes too.
			.replace(/[^\x20-\x7e]|["\\%]/g, '_')
			.replace(/_+/g, '_');
	const asciiBase = ascii(base);
	const keep = /[a-z0-9]/i.test(asciiBase) && !/(?![\x00-\x7f])\p{L}/u.test(asciiBase);
	return (keep ? replace(asciiBase) : 'attachment') + replace(ascii(extension));
}

/** encodeURIComponent leaves ' ( ) * unescaped, which RFC 8187's attr-char does not allow. */
function encodeRfc8187(value: string): string {
	return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
