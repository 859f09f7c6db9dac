import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Marks the line a size's process reports its figures on. */
const FIGURES_PREFIX = 'BENCH_FIGURES ';

export type Figures = Record<string, number>;

/** BENCH_SIZES, comma-separated, or `defaults`. */
export function benchSizes(defaults: number[]): number[] {
  return process.env.BENCH_SIZES
    ? process.env.BENCH_SIZES.split(',').map(Number)
    : defaults;
}

/**
 * Peak RSS of this process so far (VmHWM), in MB. Read from /proc since
 * maxRSS can keep the peak of the process that forked this one.
 */
export function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(
    readFileSync('/proc/self/status', 'utf8'),
  );
  return match
    ? Number(match[1]) / 1024
    : process.resourceUsage().maxRSS / 1024;
}

export const met = (ok: boolean) => (ok ? 'yes' : '**no**');

/** A markdown table; `align` right-aligns the numeric columns. */
export function printTable(
  header: string[],
  rows: string[][],
  align: 'left' | 'right' = 'left',
) {
  const rule = align === 'right' ? '---:' : '---';
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => rule).join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

/** Prints a size's figures for the process that started it. */
export function reportFigures(figures: object) {
  console.log(`${FIGURES_PREFIX}${JSON.stringify(figures)}`);
}

/**
 * Runs the bench file `file` in a child process with `env` added, so its
 * peak RSS is its own; returns its other output lines and its figures.
 */
export function runSizeProcess(file: string, env: Record<string, string>) {
  const child = spawnSync(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', file],
    {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const lines = child.stdout.split('\n');
  const figures = lines.find(line => line.startsWith(FIGURES_PREFIX));
  if (child.status !== 0 || !figures) {
    throw new Error(
      `The bench process for ${JSON.stringify(env)} failed: ${child.stdout}`,
    );
  }
  return {
    output: lines.filter(line => line && !line.startsWith(FIGURES_PREFIX)),
    figures: JSON.parse(figures.slice(FIGURES_PREFIX.length)) as Figures,
  };
}

/**
 * The entry of a bench run one process per size: with BENCH_PAGES set this
 * process is one size's (`oneSize`), otherwise it starts them (`allSizes`).
 */
export function runPerSize(bench: {
  oneSize: (pages: number) => Promise<void>;
  allSizes: () => Promise<void>;
}) {
  const pages = process.env.BENCH_PAGES;
  const run = pages ? bench.oneSize(Number(pages)) : bench.allSizes();
  run.catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
}
