import type { Sql } from '../db/types';

export async function isSetUp(sql: Sql): Promise<boolean> {
	const rows = await sql.query('select 1 from app_settings');
	return rows.length > 0;
}

/**
 * First-run setup in one transaction. The single-row app_settings table is the guard: two
 * racing setups both insert it and the primary key refuses the second.
 */
export async function completeSetup(
	sql: Sql,
	input: { regionName: string; userId: string }
): Promise<string> {
	const [region] = await sql.query<{ id: string }>('insert into regions (name) values ($1) returning id', [
		input.regionName
	]);
	await sql.query('insert into app_settings (region_id) values ($1)', [region.id]);
	await sql.query(`insert into hub_roles (region_id, user_id, role) values ($1, $2, 'hub_admin')`, [
		region.id,
		input.userId
	]);
	return region.id;
}
