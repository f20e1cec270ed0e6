import { fail } from '@sveltejs/kit';
import type { ErrorCode, FieldErrors } from '$lib/forms/errors';

/**
 * The failure every form action returns: which form (a page may have several), errors per
 * field ('form' for the whole form) and the submitted non-secret values to refill.
 */
export function invalid(
	form: string,
	errors: FieldErrors,
	values: Record<string, string> = {},
	extra: { minutes?: number; status?: number } = {}
) {
	return fail(extra.status ?? 400, { form, errors, values, minutes: extra.minutes });
}

export const formError = (form: string, code: ErrorCode, status = 400) => invalid(form, { form: code }, {}, { status });

/** Only same-site paths, so ?next= cannot send a signed-in user to another site. */
export function safeNext(next: string | null): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
