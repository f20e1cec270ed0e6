import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
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
