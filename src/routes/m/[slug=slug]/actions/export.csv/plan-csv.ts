import { statusLabel } from '$lib/components/actions/labels';
import { isOverdue } from '$lib/domain/action-items';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { toCsv } from '$lib/server/exports/csv';
import type { ActionItem } from '$lib/server/repos/action-items';

export interface PlanCsvOptions {
	locale: Locale;
	/** The municipality's today ('YYYY-MM-DD') and time zone: overdue and "updated" are its. */
	today: string;
	timeZone: string;
}

/**
 * The action plan as a spreadsheet file, with headers and statuses in the reader's language.
 * Dates stay ISO ('YYYY-MM-DD'), which every spreadsheet program reads as a date.
 */
export function planCsv(items: readonly ActionItem[], { locale, today, timeZone }: PlanCsvOptions): string {
	const o = { locale };
	const header = [
		m.actions_field_title({}, o),
		m.actions_field_objective({}, o),
		m.actions_field_owner({}, o),
		m.actions_field_assignees({}, o),
		m.actions_field_due_date({}, o),
		m.actions_field_status({}, o),
		m.actions_field_progress({}, o),
		m.actions_overdue({}, o),
		m.actions_col_updated({}, o),
		m.actions_field_description({}, o)
	];
	// Swedish writes 'YYYY-MM-DD HH:mm': ISO-like, which spreadsheets read as a date and time.
	const updated = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' });
	const rows = items.map((item) => [
		item.title,
		item.objectiveTitle,
		item.ownerOrganizationName,
		item.assignees.map((a) => a.name).join(', '),
		item.dueDate,
		statusLabel(item.status, locale),
		item.progress,
		isOverdue(item, today) ? m.actions_yes({}, o) : '',
		updated.format(item.updatedAt),
		item.description
	]);
	return toCsv(header, rows, { delimiter: decimalComma(locale) ? ';' : ',' });
}

/**
 * Where the decimal mark is a comma, spreadsheet programs split a double-clicked CSV file on `;`
 * (see exports/csv.ts), so those readers get `;`.
 */
function decimalComma(locale: Locale): boolean {
	return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value === ',';
}
