import type { FieldErrors } from '$lib/forms/errors';

/** A form action's failure as the meeting pages receive it (see src/lib/server/forms.ts). */
export interface Failure {
	form: string;
	errors: FieldErrors;
	values: Record<string, string>;
}

export interface OrganizationOption {
	id: string;
	name: string;
	leftOn?: string | null;
}

/** The failure of the form named `name`, if that is what the page just got back. */
export function failureOf(form: unknown, name: string): Failure | undefined {
	const f = form as Partial<Failure> | null | undefined;
	return f && typeof f === 'object' && 'errors' in f && f.form === name ? (f as Failure) : undefined;
}
