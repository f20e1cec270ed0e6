import { describe, expect, it } from 'vitest';
import type { Database } from '$lib/server/db/database';
import { driverName } from './helpers/test-db';
import { useTestDatabase } from './helpers/use-test-database';

// Notes' documents are bytea (snapshots and the update log): both drivers must hand back
// exactly the bytes they were given, as parameters alone and in arrays, whatever the size.
let db: Database;
useTestDatabase(async (opened) => {
	db = opened;
});

const every = Uint8Array.from({ length: 256 }, (_, i) => i);
const large = Uint8Array.from({ length: 300_001 }, (_, i) => (i * 7919) % 256);
const samples: Record<string, Uint8Array> = {
	empty: new Uint8Array(0),
	'one byte': Uint8Array.of(0x5c), // a backslash, which the text format escapes in arrays
	'every byte value': every,
	'a view into a larger buffer': new Uint8Array(every.buffer, 10, 20),
	'300 KB': large
};
const asBytes = (value: unknown) => {
	expect(value).toBeInstanceOf(Uint8Array);
	return Array.from(value as Uint8Array);
};

describe(`bytea on ${driverName()}`, () => {
	for (const [name, bytes] of Object.entries(samples)) {
		it(`round-trips ${name} as a parameter, and Postgres reads the same bytes`, async () => {
			const [row] = await db.system((sql) =>
				sql.query<{ value: Uint8Array; hex: string; length: number }>(
					`select $1::bytea as value, encode($1::bytea, 'hex') as hex, length($1::bytea) as length`,
					[bytes]
				)
			);
			expect(asBytes(row.value)).toEqual(Array.from(bytes));
			expect(row.hex).toBe(Buffer.from(bytes).toString('hex'));
			expect(row.length).toBe(bytes.byteLength);
		});
	}

	it('round-trips every sample in one bytea[] parameter, the way the update log is appended', async () => {
		const values = Object.values(samples);
		const rows = await db.system((sql) =>
			sql.query<{ i: number; value: Uint8Array }>(
				'select i::int4 as i, value from unnest($1::bytea[]) with ordinality as t(value, i) order by i',
				[values]
			)
		);
		expect(rows.map((r) => asBytes(r.value))).toEqual(values.map((v) => Array.from(v)));
	});

	it('reads a bytea[] result: every element, byte for byte', async () => {
		const values = Object.values(samples);
		const [row] = await db.system((sql) => sql.query<{ values: Uint8Array[] }>('select $1::bytea[] as values', [values]));
		expect(row.values.map(asBytes)).toEqual(values.map((v) => Array.from(v)));
	});

	it('never hands out bytes it did not read: in the escape output format a value is right or an error', async () => {
		const read = db.system(async (sql) => {
			await sql.query(`select set_config('bytea_output', 'escape', true)`);
			return sql.query<{ value: Uint8Array }>('select $1::bytea as value', [every]);
		});
		const outcome = await read.then(
			([row]) => asBytes(row.value),
			(err: Error) => err.message
		);
		if (typeof outcome === 'string') expect(outcome).toMatch(/hex/);
		else expect(outcome).toEqual(Array.from(every));
	});

	it('returns bytea built by Postgres itself (a result, not an echoed parameter)', async () => {
		const [row] = await db.system((sql) => sql.query<{ value: Uint8Array }>(`select decode('00ff5c22227b7d2c', 'hex') as value`));
		expect(asBytes(row.value)).toEqual([0x00, 0xff, 0x5c, 0x22, 0x22, 0x7b, 0x7d, 0x2c]);
	});
});
