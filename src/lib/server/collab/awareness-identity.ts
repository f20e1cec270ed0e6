import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceUser } from '$lib/collab/presence';

/** One entry of an awareness update, its state parsed (null: the client's state is removed). */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

/**
 * Rewrites an awareness update so every state it carries names the connection's real user:
 * a client cannot show its cursor under someone else's name. Entries for client ids that
 * another connection owns are dropped, so nobody can move or remove another person's cursor.
 *
 * Returns the stamped update (what the room relays) and its entries, parsed once: the room
 * applies those (applyAwarenessEntries) rather than parsing the update again, and each state's
 * `user` is the `user` object given, so an open note keeps no copy of anyone's name per state.
 */
export function stampAwarenessUpdate(
	update: Uint8Array,
	user: PresenceUser,
	mayUse: (clientId: number) => boolean
): { update: Uint8Array; entries: AwarenessEntry[] } {
	const decoder = decoding.createDecoder(update);
	const entries: AwarenessEntry[] = [];
	const encoder = encoding.createEncoder();
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state: unknown = JSON.parse(decoding.readVarString(decoder));
		if (!mayUse(clientId)) continue;
		entries.push({ clientId, clock, state: stamp(state, user) });
	}
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, JSON.stringify(e.state));
	}
	return { update: encoding.toUint8Array(encoder), entries };
}

/** The state with `user` set: a parsed object is ours to change; anything else is spread into one. */
function stamp(state: unknown, user: PresenceUser): Record<string, unknown> | null {
	if (state === null) return null;
	if (typeof state === 'object' && !Array.isArray(state)) {
		(state as Record<string, unknown>).user = user;
		return state as Record<string, unknown>;
	}
	return { ...(state as object), user };
}
