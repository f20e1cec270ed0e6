import { describe, expect, it } from 'vitest';
import { toCsv, type CsvCell } from './csv';

/** A strict RFC 4180 reader: fails on anything a conforming file would not contain. */
function parseCsv(text: string, delimiter = ','): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
	let i = 0;
	let quoted = false;
	while (i < text.length) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
			else if (c === '"') (quoted = false), (i += 1);
			else (field += c), (i += 1);
			continue;
		}
		if (c === '"') {
			if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
			quoted = true;
			i += 1;
		} else if (c === delimiter) {
			record.push(field);
			field = '';
			i += 1;
		} else if (c === '\r' && text[i + 1] === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			i += 2;
		} else if (c === '\r' || c === '\n') {
			throw new Error(`bare line break outside quotes at ${i}`);
		} else {
			field += c;
			i += 1;
		}
	}
	if (quoted) throw new Error('unterminated quoted field');
	if (field !== '' || record.length) throw new Error('last record does not end with CRLF');
	return records;
}

const withoutBom = (csv: string) => {
	expect(csv.startsWith('\uFEFF')).toBe(true);
	return csv.slice(1);
};

function row(overrides: Partial<Record<'item' | 'owner' | 'due', CsvCell>> = {}): CsvCell[] {
	const r = { item: 'Map youth services', owner: 'Ana', due: '2026-04-01', ...overrides };
	return [r.item, r.owner, r.due];
}

const header = ['Item', 'Owner', 'Due'];

describe('toCsv', () => {
	it('starts with exactly one byte-order mark and ends every record with CRLF', () => {
		const csv = toCsv(header, [row(), row()]);
		const bytes = Buffer.from(csv, 'utf8');
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(csv.match(/\uFEFF/g)).toHaveLength(1);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(parseCsv(withoutBom(csv))).toHaveLength(3);
	});

	it('round-trips quotes, delimiters and line breaks inside cells', () => {
		const tricky = ['He said "no", then left', 'a;b', 'line 1\nline 2', 'crlf\r\ninside', 'tab\there', '"', ''];
		const rows = tricky.map((t) => row({ item: t }));
		expect(parseCsv(withoutBom(toCsv(header, rows))).slice(1).map((r) => r[0])).toEqual(tricky);
	});

	it('keeps Cyrillic, Albanian and BCMS letters byte for byte', () => {
		const names = ['Совет за превенција', 'Këshilli për çështje të sigurisë', 'Općina Žepče, Đurđevac', 'Савет за безбедност', 'ËÇ ëç'];
		const csv = toCsv(header, names.map((n) => row({ item: n, owner: n })));
		const decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.from(csv, 'utf8'));
		expect(decoded).toBe(csv);
		expect(parseCsv(withoutBom(csv)).slice(1)).toEqual(names.map((n) => [n, n, '2026-04-01']));
	});

	it.each(['=HYPERLINK("http://evil.test","click")', '+1+1', '-2+3', '@SUM(A1:A9)', '\tcmd', '\r=1+1', '-5', '+389 70 123 456'])(
		'prefixes %j with an apostrophe so it is not run as a formula',
		(text) => {
			const [, parsed] = parseCsv(withoutBom(toCsv(header, [row({ item: text })])));
			expect(parsed[0]).toBe(`'${text}`);
		}
	);

	it('leaves numbers as numbers, including negative ones, and text that merely contains = or -', () => {
		const [, parsed] = parseCsv(withoutBom(toCsv(['a', 'b', 'c', 'd', 'e'], [[-5, 3.25, 0, 'a=b', 'x-1']])));
		expect(parsed).toEqual(['-5', '3.25', '0', 'a=b', 'x-1']);
	});

	it('quotes a cell holding another program’s delimiter so no part of it can start a formula', () => {
		const csv = toCsv(header, [row({ item: 'ok;=1+1', owner: 'x\t@cmd' })]);
		expect(csv).toContain('"ok;=1+1"');
		expect(csv).toContain('"x\t@cmd"');
	});

	it('writes empty cells for null, undefined and non-finite numbers; Dates as ISO 8601 UTC; booleans as words', () => {
		const [, parsed] = parseCsv(
			withoutBom(toCsv(['a', 'b', 'c', 'd', 'e'], [[null, undefined, Number.NaN, new Date('2026-03-12T09:00:00Z'), true]]))
		);
		expect(parsed).toEqual(['', '', '', '2026-03-12T09:00:00.000Z', 'true']);
	});

	it('applies the same escaping to the header', () => {
		const [parsedHeader] = parseCsv(withoutBom(toCsv(['Рок, датум', '=cmd'], [])));
		expect(parsedHeader).toEqual(['Рок, датум', "'=cmd"]);
	});

	it('uses a semicolon delimiter when asked, still RFC 4180-quoted', () => {
		const csv = toCsv(header, [row({ item: 'a;b', owner: '1,5' })], { delimiter: ';' });
		expect(parseCsv(withoutBom(csv), ';')[1]).toEqual(['a;b', '1,5', '2026-04-01']);
	});

	it('refuses a row whose length differs from the header', () => {
		expect(() => toCsv(header, [['only one']])).toThrow(RangeError);
	});
});
