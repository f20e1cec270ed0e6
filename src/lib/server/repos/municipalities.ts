import type { Sql } from '../db/types';

export interface Municipality {
	id: string;
	regionId: string;
	slug: string;
	name: string;
	nameLatin: string;
	country: string;
	timeZone: string;
	targetMeetingIntervalDays: number;
}

const COLUMNS = `id, region_id, slug, name, name_latin, country, time_zone, target_meeting_interval_days`;

type Row = {
	id: string;
	region_id: string;
	slug: string;
	name: string;
	name_latin: string;
	country: string;
	time_zone: string;
	target_meeting_interval_days: number;
};

const fromRow = (r: Row): Municipality => ({
	id: r.id,
	regionId: r.region_id,
	slug: r.slug,
	name: r.name,
	nameLatin: r.name_latin,
	country: r.country,
	timeZone: r.time_zone,
	targetMeetingIntervalDays: r.target_meeting_interval_days
});

export async function findMunicipalityBySlug(sql: Sql, slug: string): Promise<Municipality | undefined> {
	const [row] = await sql.query<Row>(`select ${COLUMNS} from municipalities where slug = $1`, [slug]);
	return row && fromRow(row);
}

/** The municipalities visible to the transaction's user, by Latin name. */
export async function listMunicipalities(sql: Sql): Promise<Municipality[]> {
	const rows = await sql.query<Row>(`select ${COLUMNS} from municipalities order by name_latin`);
	return rows.map(fromRow);
}

export interface NewMunicipality {
	regionId: string;
	slug: string;
	name: string;
	nameLatin: string;
	country: string;
	timeZone: string;
	targetMeetingIntervalDays: number;
}

export async function insertMunicipality(sql: Sql, m: NewMunicipality): Promise<Municipality> {
	const [row] = await sql.query<Row>(
		`insert into municipalities (region_id, slug, name, name_latin, country, time_zone, target_meeting_interval_days)
		 values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
		[m.regionId, m.slug, m.name, m.nameLatin, m.country, m.timeZone, m.targetMeetingIntervalDays]
	);
	return fromRow(row);
}
