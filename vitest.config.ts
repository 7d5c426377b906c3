// Vitest configuration for the unit suite (test/unit/**): bundles are built once (global setup) and the
// polyfill file gives Node 20 the Object.groupBy that chevrotain 13 needs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/unit/**/*.test.ts'],
        globalSetup: ['test/unit/helpers/build-bundles.ts'],
        setupFiles: ['language/node20-polyfills.cjs'],
        testTimeout: 60_000,
        hookTimeout: 60_000,
        pool: 'forks'
    }
});
