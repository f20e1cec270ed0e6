import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * In `vite dev`, hand /collab/ WebSocket upgrades to the collaboration server that
 * hooks.server.ts installs, as server/index.js does in production. Vite's own HMR socket is
 * left alone. SvelteKit starts its server (and our init hook) on the first request, so one is
 * made when a collaboration socket arrives first.
 */
function collabInDev(): Plugin {
	const key = Symbol.for('roundtable.collab');
	type Collab = { handleUpgrade: (...args: unknown[]) => void };
	return {
		name: 'roundtable-collab-dev',
		configureServer(server) {
			server.httpServer?.on('upgrade', async (req, socket, head) => {
				if (!req.url?.startsWith('/collab/')) return;
				let collab = (globalThis as Record<symbol, Collab | undefined>)[key];
				if (!collab) {
					await fetch(`http://${req.headers.host}/healthz`).catch(() => {});
					collab = (globalThis as Record<symbol, Collab | undefined>)[key];
				}
				if (collab) collab.handleUpgrade(req, socket, head);
				else socket.destroy();
			});
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), collabInDev()],
	server: { fs: { allow: ['supabase'] } },
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// PGlite is CPU-heavy to boot; two cores, so two files at a time.
		maxWorkers: 2
	}
});
