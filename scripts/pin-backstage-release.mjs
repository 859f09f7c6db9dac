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
import { readFileSync, writeFileSync } from 'node:fs';

// Backstage 1.55.0 was published on 2026-09-16; 1.56.0 on 2026-10-20.
const RELEASE_CUTOFFS = { '1.55.0': '2026-09-18T03:00:00Z' };

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

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.resolutions = { ...pkg.resolutions };
for (const name of names) {
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
