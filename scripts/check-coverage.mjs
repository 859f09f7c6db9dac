#!/usr/bin/env node
// Holds every backend and shared package to the plan's 80% line coverage,
// reading the report that `yarn test:unit` (jest --coverage) leaves behind.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = process.cwd();
const THRESHOLD = Number(process.env.COVERAGE_LINES_THRESHOLD ?? 80);
const GATED_ROLES = new Set([
  'backend-plugin',
  'backend-plugin-module',
  'node-library',
  'common-library',
]);

function workspacePackages() {
  return ['plugins', 'packages'].flatMap(parent =>
    readdirSync(join(ROOT, parent))
      .map(name => join(parent, name))
      .filter(dir => existsSync(join(ROOT, dir, 'package.json')))
      .map(dir => ({
        dir,
        pkg: JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')),
      })),
  );
}

/** Counts covered and coverable lines per file from istanbul's final JSON. */
function lineCounts(fileCoverage) {
  const lines = new Map();
  for (const [id, location] of Object.entries(fileCoverage.statementMap)) {
    const line = location.start.line;
    const hit = fileCoverage.s[id] > 0;
    lines.set(line, (lines.get(line) ?? false) || hit);
  }
  const covered = [...lines.values()].filter(Boolean).length;
  return { covered, total: lines.size };
}

const reportPath = join(ROOT, 'coverage', 'coverage-final.json');
if (!existsSync(reportPath)) {
  console.error(
    `No coverage report at ${reportPath}; run "yarn test:unit" first.`,
  );
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

const rows = [];
for (const { dir, pkg } of workspacePackages()) {
  if (!GATED_ROLES.has(pkg.backstage?.role)) continue;
  let covered = 0;
  let total = 0;
  for (const [file, coverage] of Object.entries(report)) {
    const rel = relative(ROOT, file);
    if (!rel.startsWith(`${dir}${sep}src${sep}`)) continue;
    const counts = lineCounts(coverage);
    covered += counts.covered;
    total += counts.total;
  }
  const percent = total === 0 ? 100 : (covered / total) * 100;
  rows.push({ package: pkg.name, lines: `${covered}/${total}`, percent });
}

console.log(
  `\nLine coverage of backend and shared packages (gate: ${THRESHOLD}%)\n`,
);
console.log('| package | lines | % | gate |');
console.log('| --- | ---: | ---: | --- |');
for (const row of rows) {
  const pass = row.percent >= THRESHOLD;
  console.log(
    `| ${row.package} | ${row.lines} | ${row.percent.toFixed(1)} | ${
      pass ? 'pass' : 'FAIL'
    } |`,
  );
}
const failing = rows.filter(row => row.percent < THRESHOLD);
if (failing.length > 0) {
  console.error(
    `\n${failing.length} package(s) below ${THRESHOLD}% line coverage: ${failing
      .map(row => row.package)
      .join(', ')}`,
  );
  process.exit(1);
}
