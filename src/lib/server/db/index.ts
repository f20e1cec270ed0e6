import { config } from '../config';
import { Database, openDatabase } from './database';
import { scheduleVacuum } from './maintenance';

/**
 * The process's one database. Opening starts at server init and is awaited by requests, so
 * the port opens at once and /healthz can answer 503 while migrations run.
 */
let opening: Promise<Database> | undefined;
let ready: Database | undefined;
let stopMaintenance = () => {};

export function startDatabase(afterOpen?: (db: Database) => Promise<void>): Promise<Database> {
	opening ??= openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).then(
		async (db) => {
			await afterOpen?.(db);
			ready = db;
			if (db.kind === 'pglite') stopMaintenance = scheduleVacuum(db);
			return db;
		}
	);
	return opening;
}

/** The database once open; awaits start-up. */
export function db(): Promise<Database> {
	return startDatabase();
}

/** The database if it is open already, for health checks that must not wait. */
export function dbIfReady(): Database | undefined {
	return ready;
}

export async function closeDatabase(): Promise<void> {
	stopMaintenance();
	const current = ready;
	opening = undefined;
	ready = undefined;
	await current?.close();
}
