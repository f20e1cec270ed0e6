import { getLocale } from '$lib/paraglide/runtime';

/** Dates and times in the reader's locale; `timeZone` is the municipality's when one applies. */
export function formatDateTime(value: Date | string, timeZone?: string): string {
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
		new Date(value)
	);
}

export function formatDate(value: string): string {
	// 'YYYY-MM-DD' is a calendar date: format it in UTC so no time zone moves it a day.
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
		new Date(`${value}T00:00:00Z`)
	);
}
