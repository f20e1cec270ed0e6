import path from 'node:path';

/** Every environment variable the server reads, in one place (documented in README.md). */
export const config = {
	databaseUrl: process.env.DATABASE_URL || undefined,
	dataDir: path.resolve(process.env.DATA_DIR || 'data'),
	/** Seed the demo region on an empty database (set by `npm run demo`). */
	demo: process.env.ROUNDTABLE_DEMO === '1'
};
