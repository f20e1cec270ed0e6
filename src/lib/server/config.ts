import path from 'node:path';

/** Every environment variable the server reads, in one place (documented in README.md). */
export const config = {
	databaseUrl: process.env.DATABASE_URL || undefined,
	dataDir: path.resolve(process.env.DATA_DIR || 'data'),
	/** Seed the demo region on an empty database (set by `npm run demo`). */
	demo: process.env.ROUNDTABLE_DEMO === '1',
	/**
	 * Largest attachment in bytes (default 10 MiB). A typo becomes NaN, which
	 * attachments/policy.ts refuses loudly instead of silently falling back to the default.
	 */
	attachmentMaxBytes: process.env.ATTACHMENT_MAX_BYTES
		? Number(process.env.ATTACHMENT_MAX_BYTES)
		: 10 * 1024 * 1024,
	/** Attachments go to Supabase Storage when both of these are set, else under DATA_DIR. */
	supabaseUrl: process.env.SUPABASE_URL || undefined,
	/** Server-only secret: it bypasses Storage policies, so it must never reach a browser. */
	supabaseServiceRoleKey: process.env.SUPABASE_SERVICE_ROLE_KEY || undefined,
	/** A private bucket; objects are only ever served through our own download route. */
	supabaseStorageBucket: process.env.SUPABASE_STORAGE_BUCKET || 'attachments'
};
