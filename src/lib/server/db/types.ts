/** What a transaction offers its callback: parameterized SQL, nothing else. */
export interface Sql {
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export type DriverKind = 'pglite' | 'postgres';

/** A driver runs transactions; everything else (roles, RLS, migrations) is built on top. */
export interface Driver {
	readonly kind: DriverKind;
	transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
	/** One statement in a transaction of its own (Postgres' implicit one): a single round trip. */
	statement<T>(text: string, params?: unknown[]): Promise<T[]>;
	/** Runs a script of several statements without parameters (migrations). */
	script(text: string): Promise<void>;
	close(): Promise<void>;
}
