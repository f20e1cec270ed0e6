/** Error codes that server-side validation returns; the page turns them into text (i18n/errors.ts). */
export const ERROR_CODES = [
	'required',
	'email',
	'too_long',
	'password_short',
	'password_mismatch',
	'invalid_choice',
	'slug',
	'time_zone',
	'country',
	'interval',
	'taken',
	'wrong_credentials',
	'wrong_password',
	'throttled',
	'invitation_invalid',
	'invitation_other_account',
	'last_coordinator',
	'organization_required',
	'not_found'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldErrors = Partial<Record<string, ErrorCode>>;
