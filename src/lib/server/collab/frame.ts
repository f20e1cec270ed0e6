/**
 * The room's outgoing messages, all written here, in one allocation each. lib0's encoder starts every
 * message in a 100-byte buffer and copies it out at the end: two buffers and their objects for
 * each relayed edit, cursor move and acknowledgement, at hundreds a second the largest garbage
 * the server made of its own (the relayed update itself is shared by all peers). The bytes are
 * lib0's: variable-length unsigned integers, byte arrays prefixed by their length.
 */

/** How many bytes lib0's writeVarUint takes for `n` (a non-negative integer up to 2^53). */
export function varUintLength(n: number): number {
	let length = 1;
	while (n > 0x7f) {
		n = Math.floor(n / 128); // not >>>: client ids and clocks may exceed 31 bits
		length++;
	}
	return length;
}

/** Writes `n` at `pos` the way lib0's writeVarUint does; returns the position after it. */
export function writeVarUint(target: Uint8Array, pos: number, n: number): number {
	while (n > 0x7f) {
		target[pos++] = 0x80 | (n % 128);
		n = Math.floor(n / 128);
	}
	target[pos++] = n;
	return pos;
}

/** `type`, then `value`: a message carrying one unsigned integer. */
export function numberMessage(type: number, value: number): Uint8Array {
	const message = new Uint8Array(varUintLength(type) + varUintLength(value));
	writeVarUint(message, writeVarUint(message, 0, type), value);
	return message;
}

/** `type` (and `subtype`, if given), then `payload` prefixed by its length. */
export function framed(type: number, payload: Uint8Array, subtype?: number): Uint8Array {
	const head = varUintLength(type) + (subtype === undefined ? 0 : varUintLength(subtype)) + varUintLength(payload.length);
	const message = new Uint8Array(head + payload.length);
	let pos = writeVarUint(message, 0, type);
	if (subtype !== undefined) pos = writeVarUint(message, pos, subtype);
	pos = writeVarUint(message, pos, payload.length);
	message.set(payload, pos);
	return message;
}
