import type { Database } from './database';

/**
 * The tables that churn: the collaboration server appends to note_updates and deletes what
 * each compaction folds into notes, whose searchable text it rewrites; sessions come and go.
 */
export const CHURNING_TABLES = ['note_updates', 'notes', 'sessions'] as const;

export const VACUUM_EVERY_MS = 60 * 60 * 1000;
/**
 * The first vacuum waits this long after start: a vacuum holds PGlite's one connection for as
 * long as it takes (longer, the bigger the database), and right after a restart every client
 * reconnects and waits on that connection to be authorized and to load its note.
 */
export const VACUUM_FIRST_AFTER_MS = 5 * 60 * 1000;

/**
 * PGlite runs Postgres in single-user mode, where autovacuum never runs: without this the
 * churning tables and their indexes would only grow, and every scan of them would slow down.
 * (Over four runs of the collaboration benchmark on one data directory our server's CPU rose
 * from 27% to 38% of a core and connecting slowed from 3 to 5.5 s p99; vacuumed, 28-29% in
 * three of four runs.) So the embedded database is vacuumed soon after start (a deployment
 * that restarts often still gets it), then every hour; on Postgres, autovacuum does it.
 * Returns a function that stops the schedule.
 */
export function scheduleVacuum(
	db: Pick<Database, 'vacuum'>,
	everyMs = VACUUM_EVERY_MS,
	firstAfterMs = VACUUM_FIRST_AFTER_MS
): () => void {
	const run = () =>
		db.vacuum(CHURNING_TABLES).catch((err) => console.error(`vacuuming the database failed: ${(err as Error).message}`));
	let interval: ReturnType<typeof setInterval> | undefined;
	const first = setTimeout(() => {
		void run();
		interval = setInterval(run, everyMs);
		interval.unref();
	}, firstAfterMs);
	first.unref();
	return () => {
		clearTimeout(first);
		clearInterval(interval);
	};
}
