import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceUser } from '$lib/collab/presence';

/**
 * Rewrites an awareness update so every state it carries names the connection's real user:
 * a client cannot show its cursor under someone else's name. Entries for client ids that
 * another connection owns are dropped, so nobody can move or remove another person's cursor.
 */
export function stampAwarenessUpdate(
	update: Uint8Array,
	user: PresenceUser,
	mayUse: (clientId: number) => boolean
): { update: Uint8Array; clientIds: number[] } {
	const decoder = decoding.createDecoder(update);
	const entries: { clientId: number; clock: number; state: string }[] = [];
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = JSON.parse(decoding.readVarString(decoder)) as Record<string, unknown> | null;
		if (!mayUse(clientId)) continue;
		const stamped = state === null ? null : { ...state, user };
		entries.push({ clientId, clock, state: JSON.stringify(stamped) });
	}
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, e.state);
	}
	return { update: encoding.toUint8Array(encoder), clientIds: entries.map((e) => e.clientId) };
}
