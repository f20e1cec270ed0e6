/**
 * Coalesces concurrent lookups into one query. The first call runs at once (alone, so a quiet
 * server adds no delay); calls made while a lookup is in flight wait for it and then go
 * together as the next one, at most `maxBatch` at a time.
 *
 * Why: after a restart every client reconnects at once, and each connection is authorized and
 * its note loaded. One query each made them queue on the database (on PGlite, one connection
 * with a round trip to its worker per statement): at 200 connections a second, connecting
 * took 5 s (p50). Batched, the database does one query for all that arrived meanwhile.
 *
 * `lookup` answers the keys in order (one value per key). If it fails, every call of that
 * batch fails with its error; later batches are unaffected.
 */
export function batched<K, V>(lookup: (keys: K[]) => Promise<V[]>, maxBatch = 500): (key: K) => Promise<V> {
	type Call = { key: K; resolve: (value: V) => void; reject: (err: unknown) => void };
	let waiting: Call[] = [];
	let running = false;

	const drain = async () => {
		running = true;
		while (waiting.length) {
			const batch = waiting.slice(0, maxBatch);
			waiting = waiting.slice(batch.length);
			try {
				const values = await lookup(batch.map((c) => c.key));
				if (values.length !== batch.length) throw new Error(`a batched lookup answered ${values.length} of ${batch.length} keys`);
				batch.forEach((c, i) => c.resolve(values[i]));
			} catch (err) {
				for (const c of batch) c.reject(err);
			}
		}
		running = false;
	};

	return (key) =>
		new Promise<V>((resolve, reject) => {
			waiting.push({ key, resolve, reject });
			if (!running) void drain();
		});
}
