/**
 * CSV for spreadsheet programs (RFC 4180 quoting, CRLF), pure and synchronous.
 *
 * The UTF-8 byte-order mark is what makes Excel read the file as UTF-8 rather than the system
 * code page, which would garble Cyrillic and ë/ç/č. Serve it as `text/csv; charset=utf-8`.
 */

export type CsvCell = string | number | boolean | Date | null | undefined;

export interface CsvOptions {
	/**
	 * `,` by default (RFC 4180). Excel in locales whose decimal mark is a comma (mk, sr, bs, sq,
	 * hr, de…) splits double-clicked files on `;` instead; pass `';'` for those users.
	 */
	delimiter?: ',' | ';' | '\t';
}

const BOM = '\uFEFF';

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), so text
 * typed by a user such as `=HYPERLINK(...)` or `@SUM(...)` is shown, never run.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Quote whenever a cell holds any common delimiter, not only ours: a program that splits on a
 * different one (Excel on `;`) still keeps the cell whole, so no text after a `;` can become a
 * cell of its own that starts with `=`.
 */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * One CSV document: BOM, then the header and every row, each ending in CRLF.
 *
 * Cells: strings as given (after the formula guard, which prefixes `'`); finite numbers in
 * JavaScript notation with `.` as decimal mark, so a negative number stays a number; NaN and
 * ±Infinity, null and undefined as empty; booleans as `true`/`false`; Dates as ISO 8601 in UTC
 * (`2026-03-12T09:00:00.000Z`); format a local date or time yourself and pass the string.
 * Every row must have as many cells as the header.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
	const delimiter = options.delimiter ?? ',';
	const line = (cells: readonly CsvCell[]) => cells.map(cell).join(delimiter) + '\r\n';
	let out = BOM + line(header);
	rows.forEach((row, i) => {
		if (row.length !== header.length) throw new RangeError(`CSV row ${i + 1} has ${row.length} cells, the header ${header.length}`);
		out += line(row);
	});
	return out;
}

function cell(value: CsvCell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	if (typeof value === 'boolean') return String(value);
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new RangeError('Invalid date in CSV cell');
		return value.toISOString();
	}
	const text = FORMULA_START.test(value) ? `'${value}` : value;
	return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
