#!/usr/bin/env node
// `npm start`: the extension in a real VS Code in your browser, without downloading VS Code.
// Prepares npm's code-server once (cached in .cache/code-server, see
// test/e2e/prepare-code-server.mjs), installs the packaged out/irq-topology.vsix into it
// (build it first: the npm script runs `npm run build && npm run package` before this),
// serves it on 127.0.0.1 and prints the URL, which opens the repository's examples/ folder.
// Runs until Ctrl-C.
//
//   node scripts/start.mjs [--port N] [--folder DIR] [--vsix FILE] [--quiet]
//   (or IRQ_START_PORT=N). Settings and state persist in .cache/code-server/start/.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  REPO_ROOT, abortPreparation, cacheRoot, codeServerCli, makeInstanceDirs, prepareCodeServer, startCodeServer, startReaper, stopGroup,
} from '../test/e2e/prepare-code-server.mjs';

const log = (msg) => process.stderr.write(`[start] ${msg}\n`);

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.IRQ_START_PORT },
    folder: { type: 'string', default: path.join(REPO_ROOT, 'examples') },
    vsix: { type: 'string', default: path.join(REPO_ROOT, 'out', 'irq-topology.vsix') },
    quiet: { type: 'boolean', default: false },
  },
});

async function main() {
  const vsix = path.resolve(opts.vsix);
  if (!fs.existsSync(vsix)) {
    throw new Error(`${path.relative(REPO_ROOT, vsix)} not found: run \`npm run build && npm run package\` first (npm start does)`);
  }
  let folder = path.resolve(opts.folder);
  if (!fs.existsSync(folder)) {
    log(`${folder} does not exist: opening the repository instead`);
    folder = REPO_ROOT;
  }
  const port = opts.port ? Number(opts.port) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`bad port ${opts.port}`);

  const signals = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  const abort = (code) => () => { abortPreparation().finally(() => process.exit(code)); };
  const early = signals.map(([sig, code]) => [sig, abort(code)]);
  for (const [sig, fn] of early) process.on(sig, fn);
  const paths = await prepareCodeServer({ log });
  const stateDir = path.join(cacheRoot(), 'start');
  const dirs = makeInstanceDirs(stateDir);

  log(`installing ${path.relative(REPO_ROOT, vsix)}`);
  await codeServerCli(paths, [
    '--config', dirs.configFile, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir,
    '--install-extension', vsix, '--force',
  ], { stateDir, log });

  const reaper = startReaper();
  const server = await startCodeServer(paths, {
    stateDir, port, echo: !opts.quiet, log, onSpawn: (child) => reaper.add(child.pid),
  });

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping code-server');
    await stopGroup(server.child);
    reaper.dispose();
    process.exit(code);
  };
  for (const [sig, fn] of early) process.off(sig, fn);
  for (const [sig, code] of signals) process.on(sig, () => { stop(code); });
  server.child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`code-server exited (${code ?? signal})`);
    stop(typeof code === 'number' && code !== 0 ? code : 1);
  });

  const url = `${server.url}?folder=${encodeURIComponent(folder)}`;
  process.stdout.write(`\n  IRQ Topology in VS Code (code-server ${server.port}):\n\n    ${url}\n\n  Ctrl-C to stop.\n\n`);
}

main().catch((err) => {
  log(String(err?.message || err));
  process.exit(1);
});
