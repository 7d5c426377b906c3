#!/usr/bin/env node
// Runs the end-to-end suite inside a real VS Code: npm's code-server (VS Code 1.100.3,
// prepared and cached by ./prepare-code-server.mjs), shown in Debian's Chromium driven by
// playwright-core. The suite (out/e2e/index.cjs, bundled from test/e2e/suite/) runs in
// code-server's Node extension host; its console output comes back through the workbench's
// `codeAutomationLog` hook and its result through `codeAutomationExit`.
//
//   node test/e2e/run-code-server.mjs [--extension <dir>] [--tests <file.cjs>] [--folder <dir>]
//   node test/e2e/run-code-server.mjs --vsix out/irq-topology.vsix
//
// --vsix <file>: the packaged route. Installs the .vsix with `code-server --install-extension <file>
// --extensions-dir <this run's extensions dir>` and runs the suite with an empty development extension
// (test/e2e/fixtures/vsix-host, unless --extension says otherwise) in place of the repository, so the
// irq-topology extension under test is the installed one. The suite sees IRQ_E2E_VSIX and
// IRQ_E2E_EXTENSIONS_DIR; IRQ_E2E_GREP defaults to the smoke and packaged-VSIX tests.
//
// Environment:
//   IRQ_E2E_TIMEOUT_MS      overall limit once code-server starts (default 600000 = 10 min)
//   IRQ_E2E_PREPARE_TIMEOUT_MS  limit for a first-time preparation (default 1200000)
//   IRQ_E2E_SCREENSHOTS     directory for the suite's screenshot(name) calls (<dir>/<name>.png);
//                           unset: those calls are acknowledged without a shot
//   IRQ_E2E_VIEWPORT        browser viewport WxH (default 1280x800)
//   IRQ_E2E_PORT            fixed port (default: a free one)
//   IRQ_E2E_VERBOSE=1       also print the workbench's own log and code-server's output
//   IRQ_E2E_GREP            only run the tests whose title matches (mocha --grep)
//   IRQ_E2E_FAILURE_DIR     where a failed run leaves a screenshot and VS Code's logs
//                           (default test-results/e2e)
// Exit code: the suite's (0 = all passed), 124 on timeout, 2 when the harness itself failed,
// 130/143 when interrupted.

import fs from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import {
  CHROMIUM_PATH, REPO_ROOT, abortPreparation, chromiumEnv, codeServerCli, makeInstanceDirs, mkTempDir, prepareCodeServer, startCodeServer, startReaper,
  stopGroup,
} from './prepare-code-server.mjs';

const log = (msg) => process.stderr.write(`[e2e] ${msg}\n`);
const out = (line) => process.stdout.write(`${line}\n`);

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string' },
    vsix: { type: 'string' },
    tests: { type: 'string', default: process.env.IRQ_E2E_TESTS_PATH ?? path.join(REPO_ROOT, 'out', 'e2e', 'index.cjs') },
    folder: { type: 'string', default: process.env.IRQ_E2E_WORKSPACE ?? path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace') },
  },
});
const vsixPath = opts.vsix ? path.resolve(opts.vsix) : undefined;
const VSIX_HOST = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'vsix-host');
const extensionPath = path.resolve(opts.extension ?? (vsixPath ? VSIX_HOST : (process.env.IRQ_E2E_EXTENSION_PATH ?? REPO_ROOT)));
const testsPath = path.resolve(opts.tests);
const folder = path.resolve(opts.folder);
const timeoutMs = Number(process.env.IRQ_E2E_TIMEOUT_MS || 600_000);
const prepareTimeoutMs = Number(process.env.IRQ_E2E_PREPARE_TIMEOUT_MS || 1_200_000);
const verbose = !!process.env.IRQ_E2E_VERBOSE && process.env.IRQ_E2E_VERBOSE !== '0';
const shotsDir = process.env.IRQ_E2E_SCREENSHOTS ? path.resolve(REPO_ROOT, process.env.IRQ_E2E_SCREENSHOTS) : undefined;
const failureDir = path.resolve(REPO_ROOT, process.env.IRQ_E2E_FAILURE_DIR || path.join('test-results', 'e2e'));
const [vw, vh] = (process.env.IRQ_E2E_VIEWPORT || '1280x800').split('x').map(Number);

class Timeout extends Error {}

// ---- everything that must be undone, whatever happens -------------------------------------
const state = { browser: undefined, server: undefined, tmp: undefined, reaper: undefined, cleaning: undefined };

function cleanup() {
  state.cleaning ??= (async () => {
    await abortPreparation();
    const browserPid = state.browser?.process?.()?.pid;
    await state.browser?.close().catch(() => {});
    if (browserPid) await stopGroup({ pid: browserPid }, 1000); // its renderers/zygotes too
    await state.server?.stop();
    state.reaper?.dispose();
    if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
  })();
  return state.cleaning;
}

for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => {
    log(`${sig}: stopping code-server and chromium`);
    cleanup().finally(() => process.exit(code));
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Timeout(`${what}: time limit of ${ms / 1000}s reached`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

function checkInputs() {
  const manifest = path.join(extensionPath, 'package.json');
  if (!fs.existsSync(manifest)) throw new Error(`no extension manifest at ${manifest}`);
  const main = JSON.parse(fs.readFileSync(manifest, 'utf8')).main;
  if (main && !fs.existsSync(path.resolve(extensionPath, main)) && !fs.existsSync(path.resolve(extensionPath, `${main}.js`))) {
    throw new Error(`the extension's main ${main} does not exist: run \`npm run build\` first`);
  }
  if (!fs.existsSync(testsPath)) throw new Error(`no bundled suite at ${testsPath}: run \`npm run build:e2e\` first`);
  if (!fs.existsSync(folder)) throw new Error(`no workspace folder ${folder}`);
  if (vsixPath && !fs.existsSync(vsixPath)) throw new Error(`no ${vsixPath}: run \`npm run package\` first`);
}

/** Screenshots asked for by the suite (see screenshot() in suite/index.ts), one at a time. */
function makeScreenshotter(page, controlDir) {
  let queue = Promise.resolve();
  const ack = (id, body) => {
    const tmp = path.join(controlDir, `.${id}.tmp`);
    fs.writeFileSync(tmp, JSON.stringify(body));
    fs.renameSync(tmp, path.join(controlDir, `${id}.json`)); // atomic: the suite never reads half a file
  };
  return (req) => {
    queue = queue.then(async () => {
      const { id, name } = req;
      try {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || !/^[A-Za-z0-9-]+$/.test(id)) throw new Error(`bad request ${JSON.stringify(req)}`);
        if (!shotsDir) { ack(id, { status: 'skipped' }); return; }
        await page.waitForTimeout(Math.min(Number(req.settleMs) || 0, 10_000));
        // Two animation frames: whatever the workbench rendered is painted.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        fs.mkdirSync(shotsDir, { recursive: true });
        const file = path.join(shotsDir, `${name}.png`);
        await page.screenshot({ path: `${file}.tmp.png`, animations: 'disabled', caret: 'hide' });
        fs.renameSync(`${file}.tmp.png`, file);
        log(`screenshot ${file.startsWith(REPO_ROOT + path.sep) ? path.relative(REPO_ROOT, file) : file}`);
        ack(id, { status: 'ok', file });
      } catch (err) {
        log(`screenshot ${name} failed: ${err?.message || err}`);
        try { ack(id, { status: 'error', error: String(err?.message || err) }); } catch { /* control dir gone */ }
      }
    });
  };
}

async function saveFailureArtifacts(page, vscodeLogs) {
  try {
    fs.rmSync(failureDir, { recursive: true, force: true });
    fs.mkdirSync(failureDir, { recursive: true });
    if (page && !page.isClosed()) {
      await page.screenshot({ path: path.join(failureDir, 'failure.png'), timeout: 10_000 }).catch(() => {});
    }
    for (const { relativePath, contents } of vscodeLogs ?? []) {
      const dest = path.join(failureDir, 'vscode-logs', relativePath);
      if (!dest.startsWith(failureDir)) continue;
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, contents);
    }
    if (state.server) {
      fs.writeFileSync(path.join(failureDir, 'code-server.log'), state.server.logs().join('\n') + '\n');
      // The server side's logs (remote extension host, extension host agent...).
      const serverLogs = path.join(state.server.userDataDir, 'logs');
      if (fs.existsSync(serverLogs)) fs.cpSync(serverLogs, path.join(failureDir, 'server-logs'), { recursive: true });
    }
    log(`failure artifacts in ${path.relative(REPO_ROOT, failureDir)}/`);
  } catch (err) {
    log(`could not save failure artifacts: ${err}`);
  }
}

async function main() {
  checkInputs();
  const { chromium } = await import('playwright-core');
  const t0 = Date.now();
  const paths = await withTimeout(prepareCodeServer({ browser: true, log }), prepareTimeoutMs, 'preparing code-server');
  const tPrepared = Date.now();

  state.reaper = startReaper();
  state.tmp = mkTempDir('irq-e2e-');
  state.reaper.dir(state.tmp);
  const controlDir = path.join(state.tmp, 'control');
  fs.mkdirSync(controlDir);

  const run = async () => {
    const stateDir = path.join(state.tmp, 'code-server');
    const vsixEnv = {};
    if (vsixPath) {
      const dirs = makeInstanceDirs(stateDir);
      log(`installing ${path.relative(REPO_ROOT, vsixPath)} into ${dirs.extensionsDir}`);
      const installed = await codeServerCli(paths, [
        '--config', dirs.configFile, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir,
        '--install-extension', vsixPath, '--force',
      ], { stateDir, log });
      if (verbose) log(installed.trim());
      Object.assign(vsixEnv, { IRQ_E2E_VSIX: vsixPath, IRQ_E2E_EXTENSIONS_DIR: dirs.extensionsDir,
        IRQ_E2E_GREP: process.env.IRQ_E2E_GREP || 'irq-topology (smoke|packaged VSIX)' });
    }
    state.server = await startCodeServer(paths, {
      stateDir,
      port: process.env.IRQ_E2E_PORT ? Number(process.env.IRQ_E2E_PORT) : undefined,
      // Seen by the extension host, hence by the suite.
      env: { IRQ_E2E_CONTROL_DIR: controlDir, ...(shotsDir ? { IRQ_E2E_SCREENSHOTS: shotsDir } : {}), ...vsixEnv },
      echo: verbose,
      log,
      onSpawn: (child) => state.reaper.add(child.pid),
    });
    const { port, url } = state.server;
    const tServer = Date.now();
    log(`code-server ${url} up in ${((tServer - tPrepared) / 1000).toFixed(1)}s`);

    state.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      env: chromiumEnv(path.join(state.tmp, 'chromium')),
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // we clean up ourselves
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check',
        '--disable-features=Translate,MediaRouter,OptimizationHints', '--metrics-recording-only'],
    });
    state.reaper.add(state.browser.process?.()?.pid);
    const context = await state.browser.newContext({ viewport: { width: vw, height: vh }, deviceScaleFactor: 1 });
    // Only the local code-server: anything else the page asks for is refused.
    await context.route((u) => !(u.hostname === '127.0.0.1' && u.port === String(port)) && /^(https?|wss?):$/.test(u.protocol),
      (route) => { if (verbose) log(`blocked ${route.request().url()}`); return route.abort('blockedbyclient'); });
    const page = await context.newPage();

    let settle, fail;
    const exited = new Promise((resolve, reject) => { settle = resolve; fail = reject; });
    exited.catch(() => {}); // may fail before it is awaited: no unhandled rejection
    // Fail fast rather than wait for the time limit.
    state.server.child.on('exit', (code, signal) => fail(new Error(`code-server exited during the run (${code ?? signal})`)));
    page.on('crash', () => fail(new Error('the browser page crashed')));
    const takeShot = makeScreenshotter(page, controlDir);
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const list = Array.isArray(args) ? args : [args];
      const text = typeof list[0] === 'string' ? format(...list) : list.map((a) => JSON.stringify(a)).join(' ');
      const shot = /IRQ_E2E_SCREENSHOT (\{.*\})/.exec(text);
      if (shot) {
        try { takeShot(JSON.parse(shot[1])); } catch (err) { log(`bad screenshot request: ${text} (${err})`); }
        return;
      }
      // The suite marks the extension host's console lines (suite/index.ts); the rest is the
      // workbench's own log: only its errors are shown, unless verbose.
      if (text.startsWith('IRQ_E2E_OUT ')) out(text.slice('IRQ_E2E_OUT '.length));
      else if (verbose) out(`[vscode ${type}] ${text}`);
      else if (type === 'error') out(`[vscode error] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => { settle({ code: Number(code), logs }); });
    if (verbose) {
      page.on('console', (m) => log(`browser ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => log(`page error: ${e}`));
    }

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(testsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const target = `${url}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    if (verbose) log(`opening ${target}`);
    await page.goto(target, { waitUntil: 'domcontentloaded' });
    log(`workbench loading (${((Date.now() - tServer) / 1000).toFixed(1)}s after code-server)`);

    const result = await exited;
    const tEnd = Date.now();
    log(`suite finished with exit code ${result.code} in ${((tEnd - tServer) / 1000).toFixed(1)}s`
      + ` (total ${((tEnd - t0) / 1000).toFixed(1)}s, preparation ${((tPrepared - t0) / 1000).toFixed(1)}s)`);
    if (result.code !== 0) await saveFailureArtifacts(page, result.logs);
    return { code: result.code, page };
  };

  let page;
  const running = run().then((r) => { page = r.page; return r.code; });
  try {
    return await withTimeout(running, timeoutMs, 'end-to-end run');
  } catch (err) {
    if (err instanceof Timeout) {
      log(err.message);
      const pages = state.browser?.contexts().flatMap((c) => c.pages()) ?? [];
      await saveFailureArtifacts(page ?? pages[0], undefined);
      return 124;
    }
    throw err;
  }
}

let exitCode = 2;
try {
  exitCode = await main();
} catch (err) {
  log(`harness error: ${err?.stack || err}`);
  if (state.server) log(`code-server output (last lines):\n${state.server.logs().slice(-30).join('\n')}`);
  if (state.server || state.browser) await saveFailureArtifacts(state.browser?.contexts().flatMap((c) => c.pages())[0], undefined);
  exitCode = 2;
} finally {
  await cleanup();
}
process.exit(exitCode);
