import type { ItemStatus } from '$lib/domain/action-items';
import { m } from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';

type Message = (inputs?: Record<string, never>, options?: { locale?: Locale }) => string;

const STATUS: Record<ItemStatus, Message> = {
	not_started: m.actions_status_not_started,
	in_progress: m.actions_status_in_progress,
	blocked: m.actions_status_blocked,
	done: m.actions_status_done,
	cancelled: m.actions_status_cancelled
};

/** A status in the reader's language (or `locale`, for exports built outside a page). */
export const statusLabel = (status: ItemStatus, locale?: Locale) => STATUS[status]({}, locale ? { locale } : {});
