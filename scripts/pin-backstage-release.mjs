#!/usr/bin/env node
// Pins every @backstage/* package in yarn.lock to the version that shipped
// with the Backstage release in backstage.json, through root `resolutions`.
// Without this, caret ranges inside @backstage packages pull in newer
// releases and mix them, which breaks startup. The release manifest service
// is not reachable from every machine, so the release is identified by its
// publication time: the newest stable version published before the cutoff.
//
// Usage: node scripts/pin-backstage-release.mjs   (then run `yarn install`)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

// Backstage 1.55.0's packages were published from 2026-09-16 to 09-20;
// 1.56.0 followed on 2026-10-20.
const RELEASE_CUTOFFS = { '1.55.0': '2026-10-01T00:00:00Z' };

const release = JSON.parse(readFileSync('backstage.json', 'utf8')).version;
const cutoff = RELEASE_CUTOFFS[release];
if (!cutoff) {
  throw new Error(`No publication cutoff recorded for Backstage ${release}`);
}

const lock = readFileSync('yarn.lock', 'utf8');
const names = [
  ...new Set([...lock.matchAll(/^"?(@backstage\/[^@"]+)@/gm)].map(m => m[1])),
].sort();

const compare = (a, b) => {
  const [x, y] = [a, b].map(v => v.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

// Exact versions in our own package.json files were taken from the release
// (create-app's version map) and win over the publication-time rule.
const workspaceFiles = ['package.json'].concat(
  ...['packages', 'plugins'].map(dir =>
    readdirSync(dir).map(name => `${dir}/${name}/package.json`),
  ),
);
const exactVersions = new Map();
for (const file of workspaceFiles) {
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  for (const deps of [manifest.dependencies, manifest.devDependencies]) {
    for (const [name, range] of Object.entries(deps ?? {})) {
      if (name.startsWith('@backstage/') && /^\d+\.\d+\.\d+$/.test(range)) {
        exactVersions.set(name, range);
      }
    }
  }
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.resolutions = { ...pkg.resolutions };
for (const name of names) {
  if (exactVersions.has(name)) {
    pkg.resolutions[name] = exactVersions.get(name);
    console.log(
      `${name} ${exactVersions.get(name)} (pinned in a package.json)`,
    );
    continue;
  }
  const times = JSON.parse(
    execFileSync('npm', ['view', name, 'time', '--json'], { encoding: 'utf8' }),
  );
  const versions = Object.entries(times)
    .filter(([v, at]) => /^\d+\.\d+\.\d+$/.test(v) && at < cutoff)
    .map(([v]) => v)
    .sort(compare);
  const version = versions.at(-1);
  if (version) {
    pkg.resolutions[name] = version;
  } else {
    // Not part of this release: only a newer release's packages depend on it.
    delete pkg.resolutions[name];
  }
  console.log(`${name} ${version ?? '(not in this release)'}`);
}
writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
