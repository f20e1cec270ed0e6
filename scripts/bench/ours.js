// Our server for `npm run bench:collab`: the built app (`node server/index.js`), with PGlite in
// a throw-away DATA_DIR. No bench mode in the app: it starts once with ROUNDTABLE_DEMO=1 (so
// migrations run and a region, municipalities and organizations exist), stops cleanly, and
// the benchmark then writes what the load needs straight into the PGlite directory: users,
// memberships (role member, on one municipality's board), sessions with tokens made here, and
// empty notes for the rooms.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { APP_START, ROOT, appEnv as builtAppEnv, appStartWith, snapshotApp, waitHealthy } from '../built-app.js';

export { ROOT, appStartWith, snapshotApp, waitHealthy };

/** The app's environment for the benchmark: its DATA_DIR, and `extra`. */
export const appEnv = (port, dataDir, extra = {}) => builtAppEnv(port, { DATA_DIR: dataDir, ...extra });

/**
 * Starts the app once with the demo seed, so the schema and a board exist; stops it cleanly.
 * `env` adds DATABASE_URL for Postgres; without it the app uses PGlite in `dataDir`.
 */
export async function initialiseDataDir({ appDir, dataDir, port, track, env = {} }) {
	const child = spawn(process.execPath, APP_START, {
		cwd: appDir,
		env: appEnv(port, dataDir, { ROUNDTABLE_DEMO: '1', ...env }),
		stdio: ['ignore', 'pipe', 'pipe']
	});
	track(child);
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	try {
		await waitHealthy(port, child);
	} catch (err) {
		child.kill('SIGKILL');
		throw new Error(`${err.message}\n${out.slice(-3000)}`);
	}
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}

const sha256hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Writes `users` bench users (each a member of one municipality's board, with one session) and
 * `notes` empty notes on that board, in one transaction run by `transaction(query => …)`.
 * Returns the session cookies and the note ids, in order.
 */
async function seed(transaction, { users, notes }) {
	const userIds = Array.from({ length: users }, () => randomUUID());
	const tokens = Array.from({ length: users }, () => randomBytes(20).toString('hex'));
	const noteIds = Array.from({ length: notes }, () => randomUUID());
	const far = new Date(Date.now() + 365 * 24 * 3600_000).toISOString();
	await transaction(async (query) => {
		const rows = await query(
			`select o.id as organization_id, o.municipality_id from organizations o
			 order by o.created_at, o.id limit 1`
		);
		if (!rows.length) throw new Error('the demo seed left no organization to join');
		const { organization_id: organizationId, municipality_id: municipalityId } = rows[0];
		await query(
			`insert into users (id, email, display_name, password_hash)
			 select id, 'bench-' || n || '@bench.invalid', 'Bench editor ' || n, 'no password: bench user'
			 from unnest($1::uuid[]) with ordinality as u(id, n)`,
			[userIds]
		);
		await query(
			`insert into memberships (municipality_id, user_id, organization_id, role)
			 select $2::uuid, id, $3::uuid, 'member' from unnest($1::uuid[]) as u(id)`,
			[userIds, municipalityId, organizationId]
		);
		await query(
			`insert into sessions (id, user_id, expires_at, absolute_expires_at, user_agent)
			 select s.id, s.user_id, $3::timestamptz, $3::timestamptz, 'bench'
			 from unnest($1::text[], $2::uuid[]) as s(id, user_id)`,
			[tokens.map(sha256hex), userIds, far]
		);
		await query(
			`insert into notes (id, municipality_id, title)
			 select id, $2::uuid, 'Bench note ' || n from unnest($1::uuid[]) with ordinality as t(id, n)`,
			[noteIds, municipalityId]
		);
	});
	return { cookies: tokens.map((t) => `rt_session=${t}`), noteIds };
}

/** `seed` into the PGlite directory the app left in `dataDir` (the app must be stopped). */
export async function seedBenchData(dataDir, counts) {
	const pg = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
	try {
		return await seed((fn) => pg.transaction((tx) => fn(async (text, params) => (await tx.query(text, params)).rows)), counts);
	} finally {
		await pg.close();
	}
}

/** `seed` into the Postgres database at `url`. */
export async function seedBenchDataPostgres(url, counts) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await seed(async (fn) => {
			await client.query('begin');
			try {
				await fn(async (text, params) => (await client.query(text, params)).rows);
				await client.query('commit');
			} catch (err) {
				await client.query('rollback');
				throw err;
			}
		}, counts);
	} finally {
		await client.end();
	}
}
