import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceUser } from '$lib/collab/presence';

/** What a room keeps per awareness client id: the connection that owns it, and its last state. */
export interface AwarenessClient<P> {
	owner: P;
	/** The state as the client last sent it, and as we relayed it. */
	received: string;
	stamped: string;
}

/**
 * Rewrites an awareness update so every state it carries names the connection's real user:
 * a client cannot show its cursor under someone else's name. Entries for client ids that
 * another connection owns are dropped, so nobody can move or remove another person's cursor;
 * the ids this connection uses become its own in `clients`.
 *
 * Clients resend an unchanged state every 15 seconds to stay present; a state equal to the
 * last one received is stamped from `clients` instead of being parsed and written again.
 */
export function stampAwarenessUpdate<P extends { readonly user: PresenceUser }>(
	update: Uint8Array,
	peer: P,
	clients: Map<number, AwarenessClient<P>>
): Uint8Array {
	const decoder = decoding.createDecoder(update);
	const entries: { clientId: number; clock: number; state: string }[] = [];
	const count = decoding.readVarUint(decoder);
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const received = decoding.readVarString(decoder);
		const known = clients.get(clientId);
		if (known && known.owner !== peer) continue;
		let stamped: string;
		if (known?.received === received) stamped = known.stamped;
		else {
			const state = JSON.parse(received) as Record<string, unknown> | null;
			stamped = JSON.stringify(state === null ? null : { ...state, user: peer.user });
			if (known) Object.assign(known, { received, stamped });
			else clients.set(clientId, { owner: peer, received, stamped });
		}
		entries.push({ clientId, clock, state: stamped });
	}
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, e.state);
	}
	return encoding.toUint8Array(encoder);
}
