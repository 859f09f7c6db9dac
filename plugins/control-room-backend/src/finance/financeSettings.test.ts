import { ConfigReader } from '@backstage/config';
import {
  DuckDbLakehouse,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import {
  defaultHealthThresholds,
  readFinanceSettings,
} from './financeSettings';
import {
  writeFxRates,
  writeHealthThresholds,
  writeJobSchedules,
} from './referenceData';
import { createDeclaredTables } from './__testUtils__/testPortfolio';

function settingsOf(finance: object) {
  return readFinanceSettings(new ConfigReader({ controlRoom: { finance } }));
}

describe('readFinanceSettings', () => {
  it('defaults to USD, no rates and the default thresholds', () => {
    expect(readFinanceSettings(new ConfigReader({}))).toEqual({
      reportingCurrency: 'USD',
      fxRates: {},
      health: defaultHealthThresholds,
    });
  });

  it('reads the currency, rates and threshold overrides', () => {
    expect(
      settingsOf({
        reportingCurrency: 'EUR',
        fxRates: { USD: 0.925926, GBP: 1.16 },
        health: { cpiRed: 0.8, overdueActionsRed: 5 },
      }),
    ).toEqual({
      reportingCurrency: 'EUR',
      fxRates: { USD: 0.925926, GBP: 1.16 },
      health: { ...defaultHealthThresholds, cpiRed: 0.8, overdueActionsRed: 5 },
    });
  });

  it.each([
    [{ reportingCurrency: 'usd' }, /reportingCurrency/],
    [{ fxRates: { euro: 1.1 } }, /ISO 4217/],
    [{ fxRates: { EUR: 0 } }, /fxRates\.EUR must be a positive number/],
    [{ fxRates: { EUR: 1.1234567 } }, /at most 6 decimals/],
  ])('rejects %j', (finance, message) => {
    expect(() => settingsOf(finance)).toThrow(message);
  });
});

describe('reference data writers', () => {
  let lakehouse: Lakehouse;

  beforeAll(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await createDeclaredTables(lakehouse);
  });

  afterAll(async () => {
    await lakehouse.close();
  });

  it('replaces the rates, with the reporting currency at 1', async () => {
    const base = { health: defaultHealthThresholds };
    await writeFxRates(lakehouse, {
      ...base,
      reportingCurrency: 'USD',
      fxRates: { EUR: 1.08, JPY: 0.0067 },
    });
    await writeFxRates(lakehouse, {
      ...base,
      reportingCurrency: 'USD',
      fxRates: { EUR: 1.09 },
    });
    expect(
      await lakehouse.query(
        `SELECT currency, CAST(rate_to_reporting AS DECIMAL(18, 6)) AS rate, reporting_currency
           FROM bronze.fx_rates ORDER BY currency`,
      ),
    ).toEqual([
      { currency: 'EUR', rate: '1.090000', reporting_currency: 'USD' },
      { currency: 'USD', rate: '1.000000', reporting_currency: 'USD' },
    ]);
  });

  it('writes the thresholds row the health model reads', async () => {
    await writeHealthThresholds(lakehouse, {
      reportingCurrency: 'USD',
      fxRates: {},
      health: { ...defaultHealthThresholds, spiRed: 0.7 },
    });
    expect(
      await lakehouse.query(
        'SELECT spi_red, overdue_actions_red FROM bronze.health_thresholds',
      ),
    ).toEqual([{ spi_red: 0.7, overdue_actions_red: 3 }]);
  });

  it('replaces the job schedules', async () => {
    await writeJobSchedules(lakehouse, [
      {
        jobId: 'old_job',
        jobName: 'Old',
        cron: '0 * * * *',
        nextRunTime: null,
      },
    ]);
    await writeJobSchedules(lakehouse, [
      {
        jobId: 'ppm_marts_gold',
        jobName: '[PPM] Compute Gold Marts',
        cron: '0 * * * *',
        nextRunTime: new Date('2026-01-01T13:00:00Z'),
      },
    ]);
    expect(
      await lakehouse.query(
        'SELECT job_id, cron, next_run_time FROM bronze.job_schedules',
      ),
    ).toEqual([
      {
        job_id: 'ppm_marts_gold',
        cron: '0 * * * *',
        next_run_time: '2026-01-01T13:00:00.000Z',
      },
    ]);
    await writeJobSchedules(lakehouse, []);
    expect(
      await lakehouse.query('SELECT job_id FROM bronze.job_schedules'),
    ).toEqual([]);
  });
});
