#!/usr/bin/env node
// The `irqt` command: runs the bundled command line (built by `npm run build` into out/cli.cjs).
require('../out/cli.cjs');
