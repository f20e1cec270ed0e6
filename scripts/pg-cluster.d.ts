/** Types of pg-cluster.js, for the TypeScript tests that start a private Postgres cluster. */
export function findPgBinDir(): string | null;
export function startCluster(options?: { binDir?: string; log?: (line: string) => void }): Promise<{
	url: string;
	port: number;
	dir: string;
	stop: () => Promise<void>;
	stopSync: () => void;
}>;
