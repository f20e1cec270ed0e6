import { getLocale } from '$lib/paraglide/runtime';

/**
 * Meeting times in the municipality's time zone (everyone on a board meets in the same place),
 * in the reader's language.
 */
export function formatMeetingTime(start: Date | string, end: Date | string, timeZone: string): string {
	const dtf = new Intl.DateTimeFormat(getLocale(), { dateStyle: 'full', timeStyle: 'short', timeZone });
	return dtf.formatRange(new Date(start), new Date(end));
}

export function formatTime(value: Date | string, timeZone: string): string {
	return new Intl.DateTimeFormat(getLocale(), { timeStyle: 'short', timeZone }).format(new Date(value));
}
