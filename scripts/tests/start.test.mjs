// The README's start command, tried as a new user would: a fresh clone, a
// PATH with only the machine's own node (Node 20 on CI) and no yarn, and an
// empty tools folder. It must bring Node 22 and Yarn itself, install, and
// serve both the backend and the app. Runs under `node --test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const backendHealthUrl = 'http://localhost:7007/api/control-room/health';
const appUrl = 'http://localhost:3000/';
const startDeadlineMs = 15 * 60_000;

/** A PATH holding the system's node, npm and npx, the base tools, and no yarn. */
function pathWithOnlySystemNode(workDir) {
  const systemNode = process.env.CONTROL_ROOM_SYSTEM_NODE || '/usr/bin/node';
  const nodeDir = dirname(systemNode);
  const bin = join(workDir, 'bin');
  mkdirSync(bin);
  for (const tool of ['node', 'npm', 'npx']) {
    symlinkSync(join(nodeDir, tool), join(bin, tool));
  }
  return [bin, '/usr/bin', '/bin'].join(':');
}

/** Where this machine's bootstrap keeps its better-sqlite3 build, if it has. */
function keptSqlitePrebuilds() {
  const dir =
    process.env.npm_config_better_sqlite3_local_prebuilds ||
    join(
      process.env.CONTROL_ROOM_TOOLS_DIR ||
        join(process.env.HOME, '.cache/finance-ppm-control-room'),
      'prebuilds',
    );
  return existsSync(dir)
    ? { npm_config_better_sqlite3_local_prebuilds: dir }
    : {};
}

async function answers(url, isReady) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return response.ok && isReady(await response.text());
  } catch {
    return false;
  }
}

async function waitUntil(description, probe, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `start command exited with ${child.exitCode} before ${description}`,
      );
    }
    if (await probe()) return;
    await new Promise(r => setTimeout(r, 2_000));
  }
  throw new Error(`timed out waiting for ${description}`);
}

async function stopProcessGroup(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise(r => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const killed = await Promise.race([
    exited.then(() => true),
    new Promise(r => setTimeout(() => r(false), 15_000)),
  ]);
  if (!killed) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}

test('the start command brings Node and Yarn on a fresh clone and serves the portal', async () => {
  const workDir = mkdtempSync(join(tmpdir(), 'control-room-start-'));
  const clone = join(workDir, 'clone');
  const logPath = join(workDir, 'start.log');
  execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
  const PATH = pathWithOnlySystemNode(workDir);
  assert.notEqual(
    spawnSync('sh', ['-c', 'command -v yarn'], { env: { PATH } }).status,
    0,
    `yarn must not be on the test's PATH (${PATH})`,
  );

  const log = openSync(logPath, 'w');
  // A clean environment: nothing from the yarn that runs this test leaks in,
  // except the better-sqlite3 build this machine's own install kept (see
  // scripts/bootstrap.sh): compiling SQLite again would take two minutes and
  // prove nothing the install before this test did not.
  const child = spawn(join(clone, 'scripts/start.sh'), [], {
    cwd: clone,
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      HOME: process.env.HOME,
      PATH,
      LANG: 'C.UTF-8',
      CI: 'true',
      CONTROL_ROOM_TOOLS_DIR: join(workDir, 'tools'),
      ...keptSqlitePrebuilds(),
    },
  });
  closeSync(log);
  try {
    const deadline = Date.now() + startDeadlineMs;
    await waitUntil(
      `${backendHealthUrl} to answer`,
      () => answers(backendHealthUrl, body => 'status' in JSON.parse(body)),
      child,
      deadline,
    );
    await waitUntil(
      `${appUrl} to serve the app`,
      () => answers(appUrl, body => body.includes('<div id="root">')),
      child,
      deadline,
    );
    const output = readFileSync(logPath, 'utf8');
    const systemNodeMajor = Number(
      execFileSync('node', ['-p', 'process.versions.node.split(".")[0]'], {
        env: { PATH },
      }),
    );
    if (systemNodeMajor < 22) {
      assert.match(output, /bootstrap: fetching Node 22/);
    }
    assert.match(output, /bootstrap: providing Yarn/);
    assert.match(output, /bootstrap: installing dependencies/);
  } catch (error) {
    const output = readFileSync(logPath, 'utf8').split('\n').slice(-60);
    throw new Error(
      `${error.message}\n--- last lines of the start command\n${output.join(
        '\n',
      )}`,
    );
  } finally {
    await stopProcessGroup(child);
    rmSync(workDir, { recursive: true, force: true });
  }
});
