import { afterEach, describe, expect, it } from 'vitest';
import { bundledMigrations, migrate } from './migrations';
import { openPglite } from './pglite';
import type { Driver } from './types';

let driver: Driver | undefined;
afterEach(async () => {
	await driver?.close();
	driver = undefined;
});

const recorded = (d: Driver) =>
	d.transaction((sql) => sql.query<{ version: string; name: string }>('select version, name from supabase_migrations.schema_migrations order by version'));

describe('migrations', () => {
	it('are the timestamped files of supabase/migrations, in order', () => {
		const migrations = bundledMigrations();
		expect(migrations.length).toBeGreaterThan(3);
		expect(migrations.map((m) => m.version)).toEqual(migrations.map((m) => m.version).toSorted());
		expect(migrations.every((m) => /^\d{14}$/.test(m.version) && /^[a-z0-9_]+$/.test(m.name))).toBe(true);
	});

	it('are applied once and recorded the way the Supabase CLI records them', async () => {
		driver = await openPglite();
		const migrations = bundledMigrations();
		expect(await migrate(driver, migrations)).toEqual(migrations.map((m) => m.version));
		expect(await migrate(driver, migrations)).toEqual([]);
		expect(await recorded(driver)).toEqual(migrations.map(({ version, name }) => ({ version, name })));
	});

	it('a failing migration is rolled back whole and named in the error', async () => {
		driver = await openPglite();
		const broken = [
			{ version: '20990101000000', name: 'create_probe', sql: 'create table probe (id int);' },
			{ version: '20990101000001', name: 'break_things', sql: 'create table half (id int); select no_such_function();' }
		];
		await expect(migrate(driver, broken)).rejects.toThrow(/20990101000001_break_things/);
		const tables = await driver.transaction((sql) =>
			sql.query<{ name: string }>(`select table_name as name from information_schema.tables where table_name in ('probe', 'half')`)
		);
		expect(tables.map((t) => t.name)).toEqual(['probe']);
		expect((await recorded(driver)).map((r) => r.version)).toEqual(['20990101000000']);
	});
});
