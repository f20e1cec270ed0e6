// Both drivers return the same JavaScript values: dates as 'YYYY-MM-DD' strings (a Date at
// local midnight shifts a day across time zones), bigint counts as numbers.
export const DATE_OID = 1082;
export const INT8_OID = 20;

export const parseDate = (value: string) => value;
export const parseInt8 = (value: string) => Number(value);

/**
 * bytea: node-postgres parses it natively; PGlite's own codec makes a string per byte both ways
 * (`Array.from(bytes).map(b => b.toString(16).padStart(2, '0')).join('')`), which in a busy
 * note's stores was most of the database thread's garbage (440 KB per 3 KB update written) and
 * made loading a note's log ten times slower. The PGlite worker uses Buffer's hex codec instead.
 */
export const BYTEA_OID = 17;
