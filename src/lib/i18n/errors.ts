import { m } from '$lib/paraglide/messages';
import type { ErrorCode } from '$lib/forms/errors';

const TEXT: Record<ErrorCode, (p: { minutes: number }) => string> = {
	required: () => m.error_required(),
	email: () => m.error_email(),
	too_long: () => m.error_too_long(),
	password_short: () => m.error_password_short(),
	password_mismatch: () => m.error_password_mismatch(),
	invalid_choice: () => m.error_invalid_choice(),
	slug: () => m.error_slug(),
	time_zone: () => m.error_time_zone(),
	country: () => m.error_country(),
	interval: () => m.error_interval(),
	taken: () => m.error_taken(),
	wrong_credentials: () => m.error_wrong_credentials(),
	wrong_password: () => m.error_wrong_password(),
	throttled: ({ minutes }) => m.error_throttled({ minutes }),
	invitation_invalid: () => m.error_invitation_invalid(),
	invitation_other_account: () => m.error_invitation_other_account(),
	last_coordinator: () => m.error_last_coordinator(),
	organization_required: () => m.error_organization_required(),
	not_found: () => m.error_not_found()
};

export function errorText(code: ErrorCode | undefined, params = { minutes: 0 }): string | undefined {
	return code && TEXT[code](params);
}
