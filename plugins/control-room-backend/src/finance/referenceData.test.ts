import {
  openWriterAndReader,
  TEST_ENGINES,
} from '../lakehouse/__testUtils__/testEngines';
import { defaultHealthThresholds } from './financeSettings';
import { writeFxRates, writeJobSchedules } from './referenceData';
import { createDeclaredTables } from './__testUtils__/testPortfolio';

const REWRITES = 20;

jest.setTimeout(120_000);

const settings = {
  reportingCurrency: 'USD',
  fxRates: { EUR: 1.08, GBP: 1.27 },
  health: defaultHealthThresholds,
};

describe.each(TEST_ENGINES)('reference tables on %s', engineName => {
  let engine: Awaited<ReturnType<typeof openWriterAndReader>>;

  beforeAll(async () => {
    engine = await openWriterAndReader(engineName);
    await createDeclaredTables(engine.writer);
  });

  afterAll(async () => {
    await engine?.close();
  });

  // A run-now starts the gold job and then writes the rates again for the
  // status job while gold still reads them: a reader must never find none.
  it(`never shows a reader missing rates while they are rewritten ${REWRITES} times`, async () => {
    await writeFxRates(engine.writer, settings);
    let running = true;
    const seen: number[] = [];
    const reading = (async () => {
      while (running) {
        const [row] = await engine.reader.query<{ n: bigint }>(
          'SELECT count(*) AS n FROM bronze.fx_rates',
        );
        seen.push(Number(row.n));
      }
    })();
    try {
      for (let i = 0; i < REWRITES; i++) {
        await writeFxRates(engine.writer, settings);
      }
    } finally {
      running = false;
      await reading;
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([3]));
    expect(
      await engine.reader.query(
        `SELECT currency, CAST(rate_to_reporting AS DECIMAL(18, 6)) AS rate
           FROM bronze.fx_rates ORDER BY currency`,
      ),
    ).toEqual([
      { currency: 'EUR', rate: '1.080000' },
      { currency: 'GBP', rate: '1.270000' },
      { currency: 'USD', rate: '1.000000' },
    ]);
  });

  it('replaces the job schedules, keeping a schedule without a next run', async () => {
    const now = new Date('2026-03-01T10:00:00Z');
    await writeJobSchedules(
      engine.writer,
      [
        {
          jobId: 'a',
          jobName: 'A',
          cron: '0 * * * *',
          nextRunTime: new Date('2026-03-01T11:00:00Z'),
        },
        { jobId: 'b', jobName: 'B', cron: '0 6 * * *', nextRunTime: null },
      ],
      now,
    );
    await writeJobSchedules(
      engine.writer,
      [{ jobId: 'b', jobName: 'B', cron: '0 6 * * *', nextRunTime: null }],
      now,
    );
    expect(
      await engine.reader.query(
        'SELECT job_id, job_name, next_run_time FROM bronze.job_schedules',
      ),
    ).toEqual([{ job_id: 'b', job_name: 'B', next_run_time: null }]);
    await writeJobSchedules(engine.writer, [], now);
    expect(
      await engine.reader.query('SELECT job_id FROM bronze.job_schedules'),
    ).toEqual([]);
  });
});
