// Runs every *.bench.ts here, one process each so memory figures do not
// mix. Name files to run only those: `yarn bench goldRebuild`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter(file => file.endsWith('.bench.ts'))
  .filter(file => wanted.length === 0 || wanted.some(w => file.includes(w)));

let failed = 0;
for (const file of files) {
  console.log(`\n## ${file}`);
  const result = spawnSync(
    process.execPath,
    ['--require', '@backstage/cli/config/nodeTransform.cjs', join(here, file)],
    { stdio: 'inherit', cwd: dirname(here) },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
