import type { Sql } from '../db/types';

/** An objective of the action plan, with how far its items are. */
export interface Objective {
	id: string;
	title: string;
	description: string;
	position: number;
	itemCount: number;
	doneCount: number;
}

type Row = { id: string; title: string; description: string; position: number; item_count: number; done_count: number };

export async function listObjectives(sql: Sql, municipalityId: string): Promise<Objective[]> {
	const rows = await sql.query<Row>(
		`select ob.id, ob.title, ob.description, ob.position,
		        count(i.id)::int as item_count, count(i.id) filter (where i.status = 'done')::int as done_count
		 from objectives ob left join action_items i on i.objective_id = ob.id and i.municipality_id = ob.municipality_id
		 where ob.municipality_id = $1
		 group by ob.id order by ob.position, ob.created_at`,
		[municipalityId]
	);
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		description: r.description,
		position: r.position,
		itemCount: r.item_count,
		doneCount: r.done_count
	}));
}

export interface ObjectiveFields {
	title: string;
	description: string;
}

/** Adds an objective after the last one. */
export async function insertObjective(sql: Sql, municipalityId: string, fields: ObjectiveFields): Promise<string> {
	const [row] = await sql.query<{ id: string }>(
		`insert into objectives (municipality_id, title, description, position)
		 values ($1, $2, $3, (select coalesce(max(position), 0) + 1 from objectives where municipality_id = $1))
		 returning id`,
		[municipalityId, fields.title, fields.description]
	);
	return row.id;
}

export async function updateObjective(sql: Sql, municipalityId: string, objectiveId: string, fields: ObjectiveFields): Promise<boolean> {
	const rows = await sql.query(
		'update objectives set title = $3, description = $4 where municipality_id = $1 and id = $2 returning id',
		[municipalityId, objectiveId, fields.title, fields.description]
	);
	return rows.length === 1;
}

/** Removes an objective; its items stay in the plan, under no objective (the foreign key sets it null). */
export async function deleteObjective(sql: Sql, municipalityId: string, objectiveId: string): Promise<boolean> {
	const rows = await sql.query('delete from objectives where municipality_id = $1 and id = $2 returning id', [municipalityId, objectiveId]);
	return rows.length === 1;
}
