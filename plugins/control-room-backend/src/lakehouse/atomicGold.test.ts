import path from 'node:path';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { defaultHealthThresholds } from '../finance/financeSettings';
import { writeFxRates, writeHealthThresholds } from '../finance/referenceData';
import {
  createDeclaredTables,
  portfolioFxRates,
  seedPortfolio,
} from '../finance/__testUtils__/testPortfolio';
import { pipelineJobs } from '../pipeline/jobs';
import { loadModels, ModelRunError, runModels } from './modelRunner';
import { parseModelFile, SqlModel } from './models';
import { openWriterAndReader, TEST_ENGINES } from './__testUtils__/testEngines';

const modelsDir = path.resolve(__dirname, '../../../../databricks/sql');
const RERUNS = 20;

jest.setTimeout(120_000);

const goldJob = pipelineJobs.find(job => job.id === 'ppm_marts_gold')!;
const goldTables = goldJob.models!;

/** `table -> rows` of every table the gold job rebuilds. */
async function countRows(lakehouse: Lakehouse) {
  const counts: Record<string, number> = {};
  for (const table of goldTables) {
    const [row] = await lakehouse.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM ${table}`,
    );
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Stable text of a table's rows, to compare before and after. */
async function snapshot(lakehouse: Lakehouse, table: string) {
  const rows = await lakehouse.query(
    `SELECT * EXCLUDE (computed_at) FROM ${table}`,
  );
  return rows
    .map(row =>
      JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? `${v}` : v)),
    )
    .sort();
}

describe.each(TEST_ENGINES)('gold marts on %s', engineName => {
  let engine: Awaited<ReturnType<typeof openWriterAndReader>>;
  let models: SqlModel[];
  let baseline: Record<string, number>;

  beforeAll(async () => {
    engine = await openWriterAndReader(engineName);
    const { writer } = engine;
    await createDeclaredTables(writer);
    await seedPortfolio(writer);
    const settings = {
      reportingCurrency: 'USD',
      fxRates: portfolioFxRates,
      health: defaultHealthThresholds,
    };
    await writeFxRates(writer, settings);
    await writeHealthThresholds(writer, settings);
    models = await loadModels(modelsDir);
    await runModels(writer, models, { only: goldTables });
    baseline = await countRows(writer);
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('builds every gold table of the job', () => {
    for (const table of goldTables) {
      expect(baseline[table]).toBeGreaterThan(0);
    }
  });

  it(`never shows a reader an empty or doubled table while the job reruns ${RERUNS} times`, async () => {
    let running = true;
    const seen: Array<Record<string, number>> = [];
    const reading = (async () => {
      while (running) {
        seen.push(await countRows(engine.reader));
      }
    })();
    try {
      for (let run = 0; run < RERUNS; run++) {
        await runModels(engine.writer, models, { only: goldTables });
      }
    } finally {
      running = false;
      await reading;
    }
    expect(seen.length).toBeGreaterThan(RERUNS);
    for (const counts of seen) {
      expect(counts).toEqual(baseline);
    }
  });

  it('never doubles a table when two runs overlap', async () => {
    await Promise.all([
      runModels(engine.writer, models, { only: goldTables }),
      runModels(engine.writer, models, { only: goldTables }),
    ]);
    expect(await countRows(engine.reader)).toEqual(baseline);
  });

  it('leaves the last good table when a run fails midway', async () => {
    const before = await snapshot(engine.reader, 'gold.ppm_forecast');
    const forecast = models.find(model => model.name === 'gold.ppm_forecast')!;
    // The same model, but its INSERT fails on a row after reading others.
    const [, insert, query] =
      /^([\s\S]*?INSERT OVERWRITE gold\.ppm_forecast \([^)]*\))([\s\S]*)$/.exec(
        forecast.statements[0],
      )!;
    const failing = parseModelFile(
      'gold/ppm_forecast.sql',
      `${insert} SELECT q.* FROM (${query}) AS q
        WHERE CAST(CASE WHEN q.project_id IS NOT NULL THEN 'not a number' END AS INT) IS NULL;`,
    );
    const others = models.filter(model => model.name !== forecast.name);
    await expect(
      runModels(engine.writer, [...others, failing], { only: goldTables }),
    ).rejects.toBeInstanceOf(ModelRunError);
    expect(await countRows(engine.reader)).toEqual(baseline);
    expect(await snapshot(engine.reader, 'gold.ppm_forecast')).toEqual(before);
  });
});
