import type { Sector } from '$lib/domain/roles';
import type { Sql } from '../db/types';

export interface Organization {
	id: string;
	name: string;
	sector: Sector;
	contactName: string | null;
	contactEmail: string | null;
	contactPhone: string | null;
	joinedOn: string;
	leftOn: string | null;
}

type Row = {
	id: string;
	name: string;
	sector: Sector;
	contact_name: string | null;
	contact_email: string | null;
	contact_phone: string | null;
	joined_on: string;
	left_on: string | null;
};

const COLUMNS = 'id, name, sector, contact_name, contact_email, contact_phone, joined_on, left_on';

const fromRow = (r: Row): Organization => ({
	id: r.id,
	name: r.name,
	sector: r.sector,
	contactName: r.contact_name,
	contactEmail: r.contact_email,
	contactPhone: r.contact_phone,
	joinedOn: r.joined_on,
	leftOn: r.left_on
});

export async function listOrganizations(sql: Sql, municipalityId: string): Promise<Organization[]> {
	const rows = await sql.query<Row>(
		`select ${COLUMNS} from organizations where municipality_id = $1 order by sector, name`,
		[municipalityId]
	);
	return rows.map(fromRow);
}

export type NewOrganization = Omit<Organization, 'id' | 'leftOn'>;

export async function insertOrganization(sql: Sql, municipalityId: string, o: NewOrganization): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		`insert into organizations (municipality_id, name, sector, contact_name, contact_email, contact_phone, joined_on)
		 values ($1, $2, $3, $4, $5, $6, $7) returning id`,
		[municipalityId, o.name, o.sector, o.contactName, o.contactEmail, o.contactPhone, o.joinedOn]
	);
	return row.id;
}

export async function setOrganizationLeft(
	sql: Sql,
	municipalityId: string,
	organizationId: string,
	leftOn: string | null
): Promise<boolean> {
	const rows = await sql.query(
		'update organizations set left_on = $3 where id = $2 and municipality_id = $1 returning id',
		[municipalityId, organizationId, leftOn]
	);
	return rows.length === 1;
}
