import { describe, expect, it } from 'vitest';
import { attachmentResponse, contentDisposition } from './serve';

const file = (overrides: Partial<Parameters<typeof attachmentResponse>[0]> = {}) => ({
	bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF\n'),
	contentType: 'application/pdf',
	filename: 'agenda.pdf',
	...overrides
});

/** What a browser takes from Content-Disposition: the type and the decoded filename*. */
function parseDisposition(header: string | null) {
	const match = header?.match(/^(inline|attachment); filename="([\x20-\x7e]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/);
	if (!match) throw new Error(`unexpected Content-Disposition: ${header}`);
	return { type: match[1], fallback: match[2], filename: decodeURIComponent(match[3]) };
}

describe('attachment downloads', () => {
	it('send a PDF as a download with headers that keep a browser from running it', async () => {
		const bytes = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
		const response = attachmentResponse(file({ bytes }));
		expect(response.status).toBe(200);
		expect(Object.fromEntries(response.headers)).toMatchObject({
			'content-type': 'application/pdf',
			'content-length': String(bytes.byteLength),
			'x-content-type-options': 'nosniff',
			'cross-origin-resource-policy': 'same-origin',
			'cache-control': 'private, no-store'
		});
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toContain('sandbox');
		expect(csp).toContain("default-src 'none'");
		expect(parseDisposition(response.headers.get('content-disposition'))).toEqual({
			type: 'attachment',
			fallback: 'agenda.pdf',
			filename: 'agenda.pdf'
		});
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
	});

	it.each(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])('show %s inline unless a download is asked for', (contentType) => {
		const image = file({ contentType, filename: 'flipchart' });
		expect(parseDisposition(attachmentResponse(image).headers.get('content-disposition')).type).toBe('inline');
		expect(parseDisposition(attachmentResponse(image, { download: true }).headers.get('content-disposition')).type).toBe(
			'attachment'
		);
	});

	it.each([
		'text/plain; charset=utf-8',
		'text/csv',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		'application/msword'
	])('send %s as a download', (contentType) => {
		const response = attachmentResponse(file({ contentType, filename: 'notes' }));
		expect(response.headers.get('content-type')).toBe(contentType);
		expect(parseDisposition(response.headers.get('content-disposition')).type).toBe('attachment');
	});

	it.each(['text/html', 'image/svg+xml', 'application/javascript', 'text/html; charset=utf-8', 'IMAGE/SVG+XML'])(
		'never serve a stored %s as itself',
		(contentType) => {
			const response = attachmentResponse(file({ contentType, filename: 'page.html' }));
			expect(response.headers.get('content-type')).toBe('application/octet-stream');
			expect(parseDisposition(response.headers.get('content-disposition'))).toMatchObject({
				type: 'attachment',
				filename: 'page.html.bin'
			});
		}
	);

	it('end the served name in the extension of the served type', () => {
		const named = (filename: string) =>
			parseDisposition(
				attachmentResponse(file({ contentType: 'image/png', filename })).headers.get('content-disposition')
			).filename;
		expect(named('evil.html')).toBe('evil.html.png');
		expect(named('photo.jpg')).toBe('photo.png');
	});

	it('claim UTF-8 only for text', () => {
		const pdf = attachmentResponse(file({ contentType: 'application/pdf; charset=utf-8' }));
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		const csv = attachmentResponse(file({ contentType: 'text/csv; charset=UTF-8' }));
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
	});

	it('let the browser cache privately when asked', () => {
		const response = attachmentResponse(file(), { cacheSeconds: 3600 });
		expect(response.headers.get('cache-control')).toBe('private, max-age=3600, immutable');
	});

	it('send a view into a larger buffer as just its own bytes', async () => {
		const backing = new TextEncoder().encode('xxxx%PDF-1.7 yyyy');
		const bytes = backing.subarray(4, 12);
		const response = attachmentResponse(file({ bytes }));
		expect(response.headers.get('content-length')).toBe('8');
		expect(new TextDecoder().decode(await response.arrayBuffer())).toBe('%PDF-1.7');
	});
});

describe('Unicode file names in Content-Disposition', () => {
	it.each([
		['Записник седнице 12.pdf', 'attachment.pdf'],
		['Čačak — plan.pdf', 'Cacak _ plan.pdf'],
		["O'Brien (draft) 100%.pdf", "O'Brien (draft) 100_.pdf"],
		['会议纪要.docx', 'attachment.docx'],
		['😀 party.png', '_ party.png']
	])('encode %j so that browsers read it back exactly', (filename, fallback) => {
		const parsed = parseDisposition(contentDisposition('attachment', filename));
		expect(parsed).toEqual({ type: 'attachment', fallback, filename });
	});

	it('escape the characters RFC 8187 leaves out of attr-char', () => {
		expect(contentDisposition('attachment', "a'(b)*.pdf")).toBe(
			`attachment; filename="a'(b)*.pdf"; filename*=UTF-8''a%27%28b%29%2A.pdf`
		);
	});

	it('cannot be used to inject a header', () => {
		const response = attachmentResponse(file({ filename: 'a"\r\nSet-Cookie: session=evil\r\n.pdf' }));
		expect(response.headers.get('set-cookie')).toBeNull();
		const disposition = response.headers.get('content-disposition') ?? '';
		expect(disposition).not.toMatch(/[\r\n]/);
		expect(parseDisposition(disposition).filename).toBe('a_ Set-Cookie_ session=evil.pdf');
	});
});
