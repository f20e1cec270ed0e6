import { z } from 'zod';
import { ERROR_CODES, type ErrorCode, type FieldErrors } from './errors';

export type Parsed<T> =
	| { ok: true; data: T }
	| { ok: false; errors: FieldErrors; values: Record<string, string> };

const SECRET = /password/i;

/**
 * Validates a submitted form. On failure returns field errors and the submitted values
 * (never passwords) so the page can show them beside the fields and keep what was typed.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): Parsed<z.output<S>> {
	const raw = rawValues(form);
	const result = schema.safeParse(raw);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= (ERROR_CODES as readonly string[]).includes(issue.message)
			? (issue.message as ErrorCode)
			: 'invalid_choice';
	}
	return { ok: false, errors, values: formValues(form) };
}

function rawValues(form: FormData): Record<string, string> {
	const raw: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') raw[key] = value;
	return raw;
}

/** The submitted values fit to echo back: everything but passwords. */
export function formValues(form: FormData): Record<string, string> {
	return Object.fromEntries(Object.entries(rawValues(form)).filter(([k]) => !SECRET.test(k)));
}
