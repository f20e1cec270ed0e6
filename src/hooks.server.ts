import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { closeDatabase, db, startDatabase } from '$lib/server/db';
import { installCollab } from '$lib/server/collab';
import { config } from '$lib/server/config';
import type { Database } from '$lib/server/db/database';
import { handleAuth } from '$lib/server/hooks/auth';
import { handleLocale } from '$lib/server/hooks/locale';
import { handleSecurityHeaders } from '$lib/server/hooks/security-headers';
import { demoBanner, seedDemoIfEmpty } from '$lib/server/seed/demo';

export const init: ServerInit = () => {
	// Not awaited: the port opens at once and /healthz answers 503 until migrations are done.
	startDatabase(config.demo ? startDemo : undefined).catch((err) => {
		console.error(`Roundtable could not open its database: ${err.message}`);
		process.exit(1);
	});
	const collab = installCollab(db);
	// One shutdown: store every pending edit, then close the database (PGlite flushes its
	// files). server/index.js calls it on SIGTERM; adapter-node's own entry emits the event.
	const shutdown = async () => {
		await collab.shutdown();
		await closeDatabase();
	};
	(globalThis as Record<symbol, unknown>)[SHUTDOWN_KEY] = shutdown;
	process.once('sveltekit:shutdown', () => void shutdown());
};

const SHUTDOWN_KEY = Symbol.for('roundtable.shutdown');

export const handle = sequence(handleSecurityHeaders, handleAuth, handleLocale);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message };
	const id = crypto.randomUUID();
	// The route, not the path: paths carry tokens (/invite/<token>, /calendar/<token>) and query
	// strings can too. An unmatched path is logged as such.
	console.error(`error ${id} on ${event.request.method} ${event.route.id ?? '(no route)'}:`, error);
	return { message: 'Internal error', id };
};

async function startDemo(db: Database) {
	await seedDemoIfEmpty(db);
	console.log(demoBanner(`http://localhost:${process.env.PORT ?? 3000}`));
}
