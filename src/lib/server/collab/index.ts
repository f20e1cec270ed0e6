import type { IncomingMessage } from 'node:http';
import type { Database } from '../db/database';
import { CollabServer } from './server';

/**
 * The process's collaboration server, published on globalThis under a registered symbol so
 * that server/index.js (production) and the Vite plugin (dev), which live outside the
 * SvelteKit bundle, can hand it their WebSocket upgrades.
 */
export const COLLAB_KEY = Symbol.for('roundtable.collab');

export function installCollab(db: () => Promise<Database>): CollabServer {
	const server = new CollabServer(db, { expectedOrigin });
	(globalThis as Record<symbol, unknown>)[COLLAB_KEY] = server;
	return server;
}

/** ORIGIN when set (production); otherwise the origin of the host the request came to (dev). */
function expectedOrigin(req: IncomingMessage): string {
	if (process.env.ORIGIN) return process.env.ORIGIN.replace(/\/$/, '');
	const proto = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
	return `${proto}://${req.headers.host}`;
}
