import * as decoding from 'lib0/decoding';

/**
 * Checks that a received Yjs update (v1 encoding) is whole and applies whole: it throws where
 * `Y.decodeUpdate` would, reading the same fields in the same order with the same lib0
 * readers, but builds nothing; and it throws on an item that refers to an id of its own
 * client that is not before its own, which Y.decodeUpdate reads but Y.applyUpdate throws on
 * midway (see readId).
 *
 * Why not `Y.decodeUpdate`, the check this replaces: it made an Item object for every struct,
 * garbage at once, on every edit. Worse, V8 sizes the Item class's objects from the first ones
 * made: when the process's first Items were made by that check and collected before any
 * document kept one, V8 decided Items need no in-object fields, and from then on every Item of
 * every open document carried its fields in a second object (docs/benchmarks.md). So the first
 * Items a process makes should be ones a document keeps: the demo seed builds its Items in
 * documents, and Y.mergeUpdates runs only once a room's document holds Items.
 *
 * Why check at all: Y.applyUpdate integrates an update's structs before it reads the delete
 * set at its end, so a truncated update would be half applied (and relayed and stored)
 * before it throws. The verdicts are tested against Y.decodeUpdate's (and its decoded items'
 * references) on valid updates of every content kind and on their truncations and
 * corruptions, and every corrupted update accepted must apply (update-check.test.ts).
 */
export function checkUpdate(update: Uint8Array): void {
	const d = decoding.createDecoder(update);
	const clients = decoding.readVarUint(d);
	for (let i = 0; i < clients; i++) {
		const structs = decoding.readVarUint(d);
		const client = decoding.readVarUint(d);
		let clock = decoding.readVarUint(d); // of the struct being read
		for (let j = 0; j < structs; j++) {
			// Past the end lib0's readUint8 gives undefined rather than throwing; undefined passes
			// for a GC here as in Yjs, whose length then cannot be read, which throws.
			const info = decoding.readUint8(d);
			if (info === SKIP || (info & BITS5) === 0) {
				clock += decoding.readVarUint(d); // a skip's or a GC's length
				continue;
			}
			if (info & ORIGIN) readId(d, client, clock);
			if (info & RIGHT_ORIGIN) readId(d, client, clock);
			if ((info & (ORIGIN | RIGHT_ORIGIN)) === 0) {
				// No origin to copy the parent from: a top-level type's name, or the parent's id.
				if (decoding.readVarUint(d) === 1) decoding.readVarString(d);
				else readId(d, client, clock);
				if (info & PARENT_SUB) decoding.readVarString(d); // the key in a map
			}
			clock += readContent(d, info & BITS5);
		}
	}
	// The delete set: per client, (clock, length) pairs.
	const deleting = decoding.readVarUint(d);
	for (let i = 0; i < deleting; i++) {
		decoding.readVarUint(d); // client
		const ranges = decoding.readVarUint(d);
		for (let j = 0; j < ranges; j++) {
			decoding.readVarUint(d);
			decoding.readVarUint(d);
		}
	}
}

// The bits of a struct's info byte (Yjs's binary.BIT6..8 and BITS5).
const BITS5 = 0b11111;
const PARENT_SUB = 0b100000;
const RIGHT_ORIGIN = 0b1000000;
const ORIGIN = 0b10000000;
const SKIP = 10;

/** Type refs 0–6 are YArray, YMap, YText, YXmlElement, YXmlFragment, YXmlHook, YXmlText. */
const XML_ELEMENT = 3;
const XML_HOOK = 5;
const LAST_TYPE_REF = 6;

/**
 * Reads the id an item refers to (its origin, right origin or parent). An item can only refer
 * to what existed when it was made, so one of its own client's ids must come before it. Yjs
 * does not check that: it looks such an id up as already integrated, and throws mid-update
 * (corrupting two bytes of a real edit makes one, see the test).
 */
const readId = (d: decoding.Decoder, client: number, clock: number) => {
	const refClient = decoding.readVarUint(d);
	const refClock = decoding.readVarUint(d);
	if (refClient === client && refClock >= clock) throw new Error(`struct ${client}:${clock} refers to ${refClient}:${refClock}, not before it`);
};

/**
 * Reads one of Yjs's contentRefs, 1–9 (anything else has no reader there and throws), and
 * returns its length: how many clocks the item spans, as Yjs counts them.
 */
function readContent(d: decoding.Decoder, ref: number): number {
	switch (ref) {
		case 1: // deleted: a length
			return decoding.readVarUint(d);
		case 2: {
			// JSON (old clients): a count of JSON strings, 'undefined' standing for undefined
			const count = decoding.readVarUint(d);
			for (let i = 0; i < count; i++) {
				const json = decoding.readVarString(d);
				if (json !== 'undefined') JSON.parse(json);
			}
			return count;
		}
		case 3: // binary
			decoding.readVarUint8Array(d);
			return 1;
		case 4: // string: one clock per UTF-16 code unit (JavaScript's length)
			return decoding.readVarString(d).length;
		case 5: // embed: JSON
			JSON.parse(decoding.readVarString(d));
			return 1;
		case 6: // format: a key and JSON
			decoding.readVarString(d);
			JSON.parse(decoding.readVarString(d));
			return 1;
		case 7: {
			// a type: its ref, and a node name for XML elements and hooks
			const type = decoding.readVarUint(d);
			if (type > LAST_TYPE_REF) throw new Error(`unknown type ref ${type}`);
			if (type === XML_ELEMENT || type === XML_HOOK) decoding.readVarString(d);
			return 1;
		}
		case 8: {
			// any: a count of lib0-encoded values
			const count = decoding.readVarUint(d);
			for (let i = 0; i < count; i++) decoding.readAny(d);
			return count;
		}
		case 9: {
			// a subdocument: its guid and options, which Yjs reads properties of
			decoding.readVarString(d);
			const options = decoding.readAny(d);
			if (options === null || options === undefined) throw new Error('subdocument without options');
			return 1;
		}
		default:
			throw new Error(`unknown content ref ${ref}`);
	}
}
