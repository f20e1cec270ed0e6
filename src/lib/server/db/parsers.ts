// Both drivers return the same JavaScript values: dates as 'YYYY-MM-DD' strings (a Date at
// local midnight shifts a day across time zones), bigint counts as numbers.
export const DATE_OID = 1082;
export const INT8_OID = 20;

export const parseDate = (value: string) => value;
export const parseInt8 = (value: string) => Number(value);
