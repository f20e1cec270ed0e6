import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { framed, numberMessage, varUintLength, writeVarUint } from './frame';

/** The same message written with lib0's encoder, the way y-protocols writes its messages. */
const lib0 = (write: (e: encoding.Encoder) => void) => {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
};

// Each side of every byte-length boundary, client ids past 31 bits, and the largest safe integer.
const NUMBERS = [0, 1, 0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000, 2 ** 31 - 1, 2 ** 31 + 5, 2 ** 32 - 1, 2 ** 35 + 3, Number.MAX_SAFE_INTEGER];

describe('message framing', () => {
	it('writes every unsigned integer in the bytes and length lib0 writes it', () => {
		for (const n of NUMBERS) {
			const expected = lib0((e) => encoding.writeVarUint(e, n));
			const target = new Uint8Array(expected.length + 2).fill(0xee);
			expect(varUintLength(n), `length of ${n}`).toBe(expected.length);
			expect(writeVarUint(target, 1, n), `end of ${n}`).toBe(1 + expected.length);
			expect(target.subarray(1, 1 + expected.length), `bytes of ${n}`).toEqual(expected);
			// Nothing written outside its bytes.
			expect([target[0], target[expected.length + 1]]).toEqual([0xee, 0xee]);
		}
	});

	it('frames a payload after a type, and after a type and subtype, as lib0 does', () => {
		for (const size of [0, 1, 127, 128, 20_000]) {
			const payload = Uint8Array.from({ length: size }, (_, i) => (i * 31) % 256);
			for (const type of [0, 1, 100, 300]) {
				expect(framed(type, payload)).toEqual(
					lib0((e) => {
						encoding.writeVarUint(e, type);
						encoding.writeVarUint8Array(e, payload);
					})
				);
				expect(framed(type, payload, 2)).toEqual(
					lib0((e) => {
						encoding.writeVarUint(e, type);
						encoding.writeVarUint(e, 2);
						encoding.writeVarUint8Array(e, payload);
					})
				);
			}
		}
	});

	it('writes a message of one number as lib0 does', () => {
		for (const type of [0, 101, 300]) {
			for (const n of NUMBERS) {
				expect(numberMessage(type, n)).toEqual(
					lib0((e) => {
						encoding.writeVarUint(e, type);
						encoding.writeVarUint(e, n);
					})
				);
			}
		}
	});

	it('copies the payload: a frame does not change when the payload buffer does', () => {
		const payload = Uint8Array.from([1, 2, 3]);
		const message = framed(1, payload);
		payload[0] = 9;
		expect([...message]).toEqual([1, 3, 1, 2, 3]);
	});
});
