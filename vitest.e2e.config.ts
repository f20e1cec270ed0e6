import { defineConfig } from 'vitest/config';

// Browser tests against the production build (`npm run build` first). No sveltekit plugin:
// the tests drive a real server started by the global setup, they import no app code.
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		globalSetup: ['tests/e2e/global-setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 120_000,
		// One browser at a time: two cores, and the servers are shared by every file.
		fileParallelism: false,
		expect: { requireAssertions: true }
	}
});
