// Shared by test/e2e/run-code-server.mjs (end-to-end tests) and scripts/start.mjs (`npm start`).
//
// Installs npm's `code-server` (VS Code in a browser, served by a local Node server) into
// <repo>/.cache/code-server/install without running its postinstall.sh, then does by hand
// what that script does, without anything that would download from outside the package
// registries: Debian's ripgrep replaces @vscode/ripgrep's download, native modules are built
// from source against the local Node headers. The result is cached: a marker file records
// the version and a checksum of the steps below, so later runs start at once.
//
// Plain Node 20 ESM, no dependencies: runnable without any build step.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** code-server 4.100.3 is VS Code 1.100.3, the last line that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

/** Debian's Chromium (apt package `chromium`), driven by playwright-core. */
export const CHROMIUM_PATH = process.env.IRQ_E2E_CHROMIUM || '/usr/bin/chromium';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Native modules that postinstall.sh's `npm install` would build in lib/vscode. */
const VSCODE_NATIVE = ['@vscode/deviceid', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty'];

/**
 * The preparation, as data: its JSON (with the version, Node's ABI and platform) is the
 * checksum stored in the marker, so changing any step invalidates the cache.
 * Paths: $INSTALL = the npm prefix, $VSCODE = $INSTALL/node_modules/code-server/lib/vscode.
 */
const STEPS = [
  { do: 'npm', title: `install code-server@${CODE_SERVER_VERSION} (no scripts)`, prefix: '$INSTALL',
    args: ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', `code-server@${CODE_SERVER_VERSION}`] },
  { do: 'npm', title: 'install VS Code server dependencies (no scripts)', prefix: '$VSCODE',
    args: ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'] },
  { do: 'copy', title: "use Debian's ripgrep for @vscode/ripgrep", from: '$RG', to: '$VSCODE/node_modules/@vscode/ripgrep/bin/rg', mode: 0o755 },
  { do: 'npm', title: 'build native modules from source', prefix: '$VSCODE', fromSource: true,
    args: ['rebuild', ...VSCODE_NATIVE] },
  // @parcel/watcher's install script only builds when asked to build from source; its
  // prebuilt binary comes as an npm optional dependency (@parcel/watcher-linux-*).
  { do: 'npm', title: 'rebuild @parcel/watcher (uses its prebuilt package)', prefix: '$VSCODE',
    args: ['rebuild', '@parcel/watcher'] },
  { do: 'symlink', title: 'node_modules.asar -> node_modules', target: 'node_modules', at: '$VSCODE/node_modules.asar' },
  { do: 'symlink', title: 'remote-cli code-server script', target: 'code-linux.sh', at: '$VSCODE/bin/remote-cli/code-server' },
  { do: 'symlink', title: 'browser helper script', target: 'browser-linux.sh', at: '$VSCODE/bin/helpers/browser.sh' },
  { do: 'npm', title: 'install built-in extensions dependencies', prefix: '$VSCODE/extensions',
    args: ['install', '--omit=dev', '--no-audit', '--no-fund', '--no-update-notifier'] },
  { do: 'npm', title: 'build argon2 from source', prefix: '$INSTALL', fromSource: true, args: ['rebuild', 'argon2'] },
  { do: 'verify', title: 'load every native module',
    modules: [...['@parcel/watcher', ...VSCODE_NATIVE].map((m) => `$VSCODE/node_modules/${m}`), '$INSTALL/node_modules/argon2'] },
];
const RECIPE_REVISION = 1;

export function checksumOfSteps() {
  const h = createHash('sha256');
  h.update(JSON.stringify({
    version: CODE_SERVER_VERSION, steps: STEPS, revision: RECIPE_REVISION,
    abi: process.versions.modules, platform: process.platform, arch: process.arch,
  }));
  return h.digest('hex').slice(0, 16);
}

export function cacheRoot(root = REPO_ROOT) {
  return process.env.IRQ_CODE_SERVER_CACHE ? path.resolve(process.env.IRQ_CODE_SERVER_CACHE) : path.join(root, '.cache', 'code-server');
}

export function codeServerPaths(root = REPO_ROOT) {
  const cache = cacheRoot(root);
  const install = path.join(cache, 'install');
  const pkg = path.join(install, 'node_modules', 'code-server');
  return {
    cache,
    install,
    pkg,
    vscode: path.join(pkg, 'lib', 'vscode'),
    entry: path.join(pkg, 'out', 'node', 'entry.js'),
    marker: path.join(install, '.irq-prepared.json'),
    lock: path.join(cache, '.lock'),
  };
}

const defaultLog = (msg) => process.stderr.write(`[code-server] ${msg}\n`);

function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages that are missing (checked through files/commands they provide). */
export function missingSystemPackages({ browser = false } = {}) {
  const checks = [
    ['libkrb5-dev', () => fs.existsSync('/usr/include/krb5.h') || fs.existsSync('/usr/include/krb5/krb5.h')],
    ['ripgrep', () => fs.existsSync('/usr/bin/rg')],
    ['build-essential', () => commandExists('g++') && commandExists('make')],
    ['python3', () => commandExists('python3')],
  ];
  if (browser) checks.push(['chromium', () => fs.existsSync(CHROMIUM_PATH)]);
  return checks.filter(([, ok]) => !ok()).map(([name]) => name);
}

/**
 * Installs missing Debian packages with apt-get when we are root (as on the project's
 * machines and CI); otherwise explains what to install. IRQ_E2E_NO_APT=1 disables it.
 */
export function ensureSystemPackages({ browser = false, log = defaultLog } = {}) {
  let missing = missingSystemPackages({ browser });
  if (missing.length === 0) return;
  const line = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || process.env.IRQ_E2E_NO_APT || !commandExists('apt-get')) {
    throw new Error(`missing system packages: ${missing.join(', ')}. Install them first: ${line}`);
  }
  log(`installing missing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (r.status !== 0) {
    log('apt-get install failed; running apt-get update and trying again');
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  }
  missing = missingSystemPackages({ browser });
  if (r.status !== 0 || missing.length) throw new Error(`could not install: ${missing.join(', ')} (${line})`);
}

/** npm_config_* variables worth passing on (how to reach the registry); `npm run` exports others. */
const NPM_CONNECTION_CONFIG = /^npm_config_(registry|cafile|ca|strict_ssl|proxy|https_proxy|noproxy|cache|userconfig|globalconfig)$/i;

/**
 * Environment for the npm steps. Under `npm run`, npm exports its own config as npm_config_*
 * (prefix=/usr, local_prefix=<repo>, allow_scripts=, ...): none of that may leak into
 * the nested installs, only what tells npm how to reach the registry.
 */
function npmEnv(fromSource) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !NPM_CONNECTION_CONFIG.test(k)) continue;
    if (k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  // node-gyp must use this Node's headers (Debian's nodejs ships them in /usr/include/node,
  // official tarballs in <prefix>/include/node); otherwise it would try to download them.
  const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;
  env.npm_config_yes = 'true';
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  // Skip prebuild-install / node-pre-gyp downloads (kerberos, argon2): build locally.
  if (fromSource) env.npm_config_build_from_source = 'true';
  return env;
}

/** Children of a preparation in progress (killed by abortPreparation). */
const preparing = new Set();

/** Kills the preparation's running npm/node-gyp commands (e.g. on timeout or Ctrl-C). */
export async function abortPreparation() {
  await Promise.all([...preparing].map((child) => stopGroup(child, 2000)));
}

function run(cmd, args, { cwd, env, log, title }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    preparing.add(child);
    child.on('close', () => preparing.delete(child));
    const out = [];
    const keep = (b) => { out.push(b); if (out.length > 400) out.shift(); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const tail = Buffer.concat(out).toString('utf8').split('\n').slice(-60).join('\n');
      log(`step failed: ${title}\n$ ${cmd} ${args.join(' ')}  (in ${cwd})\n${tail}`);
      reject(new Error(`${title}: ${cmd} exited with ${code ?? signal}`));
    });
  });
}

async function runStep(step, vars, log) {
  const sub = (s) => s.replace(/\$[A-Z]+/g, (m) => {
    if (!(m.slice(1) in vars)) throw new Error(`unknown variable ${m}`);
    return vars[m.slice(1)];
  });
  switch (step.do) {
    case 'npm': {
      const prefix = sub(step.prefix);
      fs.mkdirSync(prefix, { recursive: true });
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      await run(npm, [...step.args, '--prefix', prefix], { cwd: prefix, env: npmEnv(step.fromSource), log, title: step.title });
      return;
    }
    case 'copy': {
      const to = sub(step.to);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.rmSync(to, { force: true });
      fs.copyFileSync(sub(step.from), to);
      fs.chmodSync(to, step.mode);
      return;
    }
    case 'symlink': {
      const at = sub(step.at);
      fs.rmSync(at, { recursive: true, force: true });
      fs.symlinkSync(step.target, at);
      return;
    }
    case 'verify': {
      const modules = step.modules.map(sub);
      const script = `for (const m of ${JSON.stringify(modules)}) require(m);`;
      await run(process.execPath, ['-e', script], { cwd: vars.INSTALL, env: npmEnv(false), log, title: step.title });
      return;
    }
    default:
      throw new Error(`unknown step ${step.do}`);
  }
}

function readMarker(file) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
}

function isAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/** A simple cross-process lock (a directory holding the owner's pid), stale-safe. */
async function withLock(lockDir, log, fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      if (!pid || !isAlive(pid)) {
        // Owner died (or is just creating it: give it a moment before taking over).
        await new Promise((r) => setTimeout(r, pid ? 0 : 1000));
        const again = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
        if (again === pid) fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) { log(`waiting for another preparation (pid ${pid})`); announced = true; }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try { return await fn(); } finally { fs.rmSync(lockDir, { recursive: true, force: true }); }
}

export function isPrepared(root = REPO_ROOT) {
  const p = codeServerPaths(root);
  const m = readMarker(p.marker);
  return !!m && m.version === CODE_SERVER_VERSION && m.checksum === checksumOfSteps() && fs.existsSync(p.entry);
}

/**
 * Makes sure a prepared code-server is in the cache; returns its paths.
 * Set IRQ_CODE_SERVER_REPREPARE=1 (or force) to redo it.
 */
export async function prepareCodeServer({ root = REPO_ROOT, log = defaultLog, force = !!process.env.IRQ_CODE_SERVER_REPREPARE, browser = false } = {}) {
  const p = codeServerPaths(root);
  ensureSystemPackages({ browser, log });
  if (!force && isPrepared(root)) return { ...p, prepared: false, seconds: 0 };
  return withLock(p.lock, log, async () => {
    if (!force && isPrepared(root)) return { ...p, prepared: false, seconds: 0 }; // done meanwhile
    const started = Date.now();
    log(`preparing code-server ${CODE_SERVER_VERSION} in ${path.relative(root, p.install) || p.install} (first time: a few minutes)`);
    fs.rmSync(p.install, { recursive: true, force: true });
    fs.mkdirSync(p.install, { recursive: true });
    // A package.json of its own so that npm never walks up into the repo.
    fs.writeFileSync(path.join(p.install, 'package.json'), JSON.stringify({ name: 'irq-code-server-cache', private: true }, null, 2));
    const vars = { INSTALL: p.install, VSCODE: p.vscode, RG: '/usr/bin/rg' };
    for (const [i, step] of STEPS.entries()) {
      const t = Date.now();
      await runStep(step, vars, log);
      log(`  ${i + 1}/${STEPS.length} ${step.title} (${((Date.now() - t) / 1000).toFixed(1)}s)`);
    }
    const seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(p.marker, JSON.stringify({
      version: CODE_SERVER_VERSION, checksum: checksumOfSteps(), node: process.version,
      preparedAt: new Date().toISOString(), seconds,
    }, null, 2) + '\n');
    log(`code-server ready (${seconds.toFixed(0)}s)`);
    return { ...p, prepared: true, seconds };
  });
}

/** A free TCP port on host (the OS picks one). */
export function findFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** User settings that keep VS Code quiet and offline. */
export const OFFLINE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'git.autofetch': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/**
 * Environment for code-server: its own XDG dirs (so it writes nothing into $HOME),
 * no extension gallery, and none of the variables that would make it hand its arguments
 * over to an enclosing VS Code (VSCODE_IPC_HOOK_CLI when run from a VS Code terminal).
 */
export function codeServerEnv(stateDir, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || /^npm_/i.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  Object.assign(env, {
    XDG_DATA_HOME: path.join(stateDir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(stateDir, 'xdg-config'),
    XDG_CACHE_HOME: path.join(stateDir, 'xdg-cache'), // e.g. @vscode/deviceid's id file
    // '{}' = a product without extensionsGallery.serviceUrl: no gallery, no requests to one.
    EXTENSIONS_GALLERY: '{}',
  }, extra);
  delete env.PORT; // code-server would let $PORT override --bind-addr's port
  return env;
}

/** Environment for Chromium: its crash-report database and caches go under stateDir, not $HOME. */
export function chromiumEnv(stateDir) {
  const env = { ...process.env };
  for (const k of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) {
    env[k] = path.join(stateDir, k.toLowerCase());
    fs.mkdirSync(env[k], { recursive: true });
  }
  return env;
}

/** Flags common to every code-server we start. */
export function codeServerArgs({ host = '127.0.0.1', port, userDataDir, extensionsDir, configFile }) {
  return [
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
  ];
}

/** Creates the per-instance directories and files code-server needs; returns their paths. */
export function makeInstanceDirs(stateDir, settings = {}) {
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  const configFile = path.join(stateDir, 'config.yaml');
  for (const d of [userDataDir, path.join(userDataDir, 'User'), extensionsDir, path.join(stateDir, 'xdg-data'), path.join(stateDir, 'xdg-config'), path.join(stateDir, 'xdg-cache')]) {
    fs.mkdirSync(d, { recursive: true });
  }
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, '# written by irq-topology: the real options are on the command line\nauth: none\n');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  let current = {};
  try { current = JSON.parse(fs.readFileSync(settingsFile, 'utf8')); } catch { /* fresh */ }
  fs.writeFileSync(settingsFile, JSON.stringify({ ...current, ...OFFLINE_SETTINGS, ...settings }, null, 2) + '\n');
  return { userDataDir, extensionsDir, configFile };
}

/** Runs code-server's CLI once (e.g. --install-extension) and resolves with its output. */
export function codeServerCli(paths, args, { stateDir, log = defaultLog } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [paths.entry, ...args], {
      env: codeServerEnv(stateDir), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve(out);
      log(out);
      reject(new Error(`code-server ${args.join(' ')} exited with ${code}`));
    });
  });
}

/**
 * Starts code-server in its own process group; resolves once /healthz answers.
 * Returns { child, port, url, logs(), stop(), userDataDir, extensionsDir, configFile }.
 * stop() ends the whole group. onSpawn(child) is called for every code-server process spawned.
 */
export async function startCodeServer(paths, {
  host = '127.0.0.1', port, stateDir, settings, env = {}, log = defaultLog, echo = false, readyTimeoutMs = 60_000,
  onSpawn = () => {},
} = {}) {
  if (!stateDir) throw new Error('startCodeServer: stateDir is required');
  const dirs = makeInstanceDirs(stateDir, settings);
  for (let attempt = 1; ; attempt++) {
    const p = port ?? await findFreePort(host);
    const args = codeServerArgs({ host, port: p, ...dirs });
    const child = spawn(process.execPath, [paths.entry, ...args], {
      env: codeServerEnv(stateDir, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    onSpawn(child); // e.g. register it with a reaper at once
    const lines = [];
    const onData = (b) => {
      const s = b.toString('utf8');
      for (const l of s.split('\n')) if (l.trim()) { lines.push(l); if (lines.length > 2000) lines.shift(); }
      if (echo) process.stderr.write(s.replace(/^(?=.)/gm, '[code-server] '));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let exited = null;
    child.on('exit', (code, signal) => { exited = { code, signal }; });
    const stop = () => stopGroup(child);
    const url = `http://${host}:${p}/`;
    const deadline = Date.now() + readyTimeoutMs;
    let ready = false;
    while (!exited && Date.now() < deadline) {
      try {
        const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) { ready = true; break; }
      } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 250));
    }
    if (ready) return { child, port: p, url, stop, logs: () => lines.slice(), ...dirs };
    await stop();
    const inUse = lines.some((l) => l.includes('EADDRINUSE'));
    if (inUse && port === undefined && attempt < 3) { log(`port ${p} was taken, trying another`); continue; }
    throw new Error(`code-server did not start (${exited ? `exit ${exited.code ?? exited.signal}` : 'timeout'}):\n${lines.slice(-40).join('\n')}`);
  }
}

/** SIGTERM the process group led by child, SIGKILL it if still there after graceMs. */
export async function stopGroup(child, graceMs = 3000) {
  if (!child || child.pid === undefined) return;
  const pgid = child.pid;
  const groupAlive = () => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
  if (!groupAlive()) return;
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + graceMs;
  while (groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive()) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } }
}

/**
 * A detached helper that kills the given process groups when this process dies in any way
 * (even SIGKILL): it waits for its stdin pipe to close. add(pgid) registers a group,
 * dispose() lets it exit without killing anything.
 */
export function startReaper() {
  const code = `const groups = new Set(), dirs = new Set(); let buf = '';
process.stdin.on('data', (d) => {
  buf += d; let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const l = buf.slice(0, i); buf = buf.slice(i + 1);
    if (l === 'done') process.exit(0);
    const m = /^(add|del|dir) (.+)$/.exec(l);
    if (m && m[1] === 'add') groups.add(+m[2]); else if (m && m[1] === 'del') groups.delete(+m[2]); else if (m) dirs.add(m[2]);
  }
});
process.stdin.on('end', () => {
  const kill = (sig) => { for (const g of groups) { try { process.kill(-g, sig); } catch {} } };
  kill('SIGTERM');
  setTimeout(() => {
    kill('SIGKILL');
    for (const d of dirs) { try { require('fs').rmSync(d, { recursive: true, force: true }); } catch {} }
    process.exit(0);
  }, 3000);
});`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  child.unref();
  /** @type {any} */ (child.stdin).unref?.();
  child.stdin.on('error', () => {});
  const send = (line) => { try { child.stdin.write(`${line}\n`); } catch { /* gone */ } };
  return {
    /** Kill this process group if we die. */
    add(pgid) { if (pgid) send(`add ${pgid}`); },
    del(pgid) { if (pgid) send(`del ${pgid}`); },
    /** Remove this directory (after the kills) if we die. */
    dir(p) { if (p) send(`dir ${p}`); },
    /** We are exiting normally and have cleaned up ourselves. */
    dispose() { try { child.stdin.end('done\n'); } catch { /* gone */ } },
  };
}

export function mkTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// `node test/e2e/prepare-code-server.mjs` prepares (or checks) the cache and exits.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const browser = process.argv.includes('--browser');
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => { abortPreparation().finally(() => process.exit(130)); });
  }
  prepareCodeServer({ browser, force: process.argv.includes('--force') || undefined }).then((r) => {
    defaultLog(r.prepared ? `prepared in ${r.seconds.toFixed(1)}s` : `already prepared (${path.relative(REPO_ROOT, r.install)})`);
  }, (e) => { defaultLog(String(e?.stack || e)); process.exit(1); });
}
