import { describe, expect, it } from 'vitest';
import { batched } from './batched';

/** A lookup whose calls the test finishes by hand, recording the keys of each. */
function manualLookup() {
	const calls: { keys: number[]; finish: (fail?: Error) => void }[] = [];
	const lookup = (keys: number[]) =>
		new Promise<string[]>((resolve, reject) => {
			calls.push({ keys, finish: (fail) => (fail ? reject(fail) : resolve(keys.map((k) => `value ${k}`))) });
		});
	return { calls, lookup };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('batched lookups', () => {
	it('runs a lone call at once, and batches the calls made while it is in flight', async () => {
		const { calls, lookup } = manualLookup();
		const get = batched(lookup);
		const first = get(1);
		expect(calls.map((c) => c.keys)).toEqual([[1]]);
		const rest = [get(2), get(3), get(4)];
		await settle();
		expect(calls).toHaveLength(1); // still waiting for the first
		calls[0].finish();
		expect(await first).toBe('value 1');
		await settle();
		expect(calls.map((c) => c.keys)).toEqual([[1], [2, 3, 4]]);
		calls[1].finish();
		expect(await Promise.all(rest)).toEqual(['value 2', 'value 3', 'value 4']);
	});

	it('fails only the batch whose lookup failed', async () => {
		const { calls, lookup } = manualLookup();
		const get = batched(lookup);
		const first = get(1);
		const second = get(2);
		calls[0].finish(new Error('database gone'));
		await expect(first).rejects.toThrow('database gone');
		await settle();
		calls[1].finish();
		expect(await second).toBe('value 2');
	});

	it('takes at most maxBatch keys per lookup', async () => {
		const { calls, lookup } = manualLookup();
		const get = batched(lookup, 2);
		const all = [1, 2, 3, 4, 5].map(get);
		for (let i = 0; i < 3; i++) {
			await settle();
			calls[i].finish();
		}
		expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5].map((k) => `value ${k}`));
		expect(calls.map((c) => c.keys)).toEqual([[1], [2, 3], [4, 5]]);
	});

	it('rejects every call of a batch whose lookup answered the wrong number of values', async () => {
		const get = batched(async (keys: number[]) => keys.slice(1));
		await expect(get(1)).rejects.toThrow('answered 0 of 1 keys');
	});
});
