import type { Database } from '../db/database';
import { standingsOf } from './authorize';
import type { NoteStore } from './store';

/** A note id no note has (the nil UUID). */
const NO_NOTE = '00000000-0000-0000-0000-000000000000';
/** One round left the first clients waiting 0.3 s; twenty, about 50 ms. */
const ROUNDS = 20;

/**
 * Runs what connecting runs, as soon as the database is open, for ids that match nothing.
 * After a restart every client reconnects at once, and the first of them waited 0.6 s (the
 * benchmark's hot room) for a cold database: catalogs not yet read, PGlite's WebAssembly not
 * yet optimized, which takes repeated use. A failure here only leaves the start cold.
 *
 * `stopping` is asked before every query: once shutdown begins the database is closing, and
 * a late call of `db()` would open it again.
 */
export async function warmUp(db: () => Promise<Database>, store: NoteStore, stopping: () => boolean): Promise<void> {
	try {
		const opened = await db();
		for (let i = 0; i < ROUNDS; i++) {
			if (stopping()) return;
			await standingsOf(opened, [{ sessionId: '', noteId: NO_NOTE }]);
			if (stopping()) return;
			await store.load(NO_NOTE);
		}
	} catch {
		// The database failed to open or closed meanwhile; whoever uses it next reports that.
	}
}
