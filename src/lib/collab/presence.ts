/**
 * Who a collaborator is, as shown beside their cursor and in the presence list. The server
 * writes this into every awareness state it relays (a client cannot pose as someone else);
 * the browser sets the same for itself from its page data.
 */
export interface PresenceUser {
	name: string;
	organization: string | null;
	color: string;
}

// Twelve colours distinguishable on white and for common colour-vision deficiencies.
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#393b79', '#637939', '#843c39'];

/** A stable colour per person, so people recognise each other across notes. */
export function userColor(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return COLORS[hash % COLORS.length];
}
