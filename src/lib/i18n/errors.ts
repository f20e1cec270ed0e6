import { m } from '$lib/paraglide/messages';
import type { ErrorCode } from '$lib/forms/errors';

type Params = { minutes: number; megabytes: number };

const TEXT: Record<ErrorCode, (p: Params) => string> = {
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
	not_found: () => m.error_not_found(),
	read_only: () => m.error_read_only(),
	not_allowed: () => m.error_not_allowed(),
	reopen_needs_coordinator: () => m.error_reopen_needs_coordinator(),
	progress_before_start: () => m.error_progress_before_start(),
	blocked_needs_comment: () => m.error_blocked_needs_comment(),
	nothing_changed: () => m.error_nothing_changed(),
	invalid_assignee: () => m.error_invalid_assignee(),
	date: () => m.error_date(),
	time: () => m.error_time(),
	end_before_start: () => m.error_end_before_start(),
	url: () => m.error_url(),
	number_range: () => m.error_number_range(),
	file_too_large: ({ megabytes }) => m.error_file_too_large({ megabytes }),
	file_type: () => m.error_file_type(),
	file_empty: () => m.error_file_empty()
};

export function errorText(code: ErrorCode | undefined, params: Partial<Params> = {}): string | undefined {
	return code && TEXT[code]({ minutes: 0, megabytes: 0, ...params });
}
