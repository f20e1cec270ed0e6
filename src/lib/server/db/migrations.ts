import type { Driver } from './types';

export interface Migration {
	version: string;
	name: string;
	sql: string;
}

const FILE = /\/(\d{14})_([a-z0-9_]+)\.sql$/;

/** The SQL files of supabase/migrations, bundled at build time so any working directory works. */
export function bundledMigrations(): Migration[] {
	const files = import.meta.glob('/supabase/migrations/*.sql', {
		query: '?raw',
		import: 'default',
		eager: true
	}) as Record<string, string>;
	return Object.entries(files)
		.map(([path, sql]) => {
			const match = FILE.exec(path);
			if (!match) throw new Error(`Migration file name not in <YYYYMMDDHHMMSS>_<name>.sql form: ${path}`);
			return { version: match[1], name: match[2], sql };
		})
		.sort((a, b) => a.version.localeCompare(b.version));
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Applies pending migrations in order, each in its own transaction, recorded in
 * supabase_migrations.schema_migrations the way the Supabase CLI records them, so
 * `supabase db push` later sees them as applied.
 */
export async function migrate(driver: Driver, migrations: Migration[]): Promise<string[]> {
	await driver.script(`
		create schema if not exists supabase_migrations;
		create table if not exists supabase_migrations.schema_migrations (
			version text primary key, statements text[], name text
		);`);
	const appliedNow: string[] = [];
	for (const migration of migrations) {
		if ((await appliedVersions(driver)).has(migration.version)) continue;
		try {
			// The advisory lock makes a second process starting at the same time wait here;
			// the primary key then refuses its duplicate record.
			await driver.script(`begin;
				select pg_advisory_xact_lock(727001);
				${migration.sql}
				;
				insert into supabase_migrations.schema_migrations (version, name, statements)
				values (${quote(migration.version)}, ${quote(migration.name)}, array[${quote(migration.sql)}]);
				commit;`);
			appliedNow.push(migration.version);
		} catch (err) {
			if ((await appliedVersions(driver)).has(migration.version)) continue; // another process won
			throw new Error(`Migration ${migration.version}_${migration.name} failed: ${(err as Error).message}`);
		}
	}
	return appliedNow;
}

async function appliedVersions(driver: Driver): Promise<Set<string>> {
	const rows = await driver.transaction((sql) =>
		sql.query<{ version: string }>('select version from supabase_migrations.schema_migrations')
	);
	return new Set(rows.map((r) => r.version));
}
