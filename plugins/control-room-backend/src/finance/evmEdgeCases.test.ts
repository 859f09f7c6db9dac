import fs from 'node:fs';
import path from 'node:path';
import {
  DuckDbLakehouse,
  Lakehouse,
  SqlRow,
} from '@finance-ppm/plugin-control-room-node';
import { loadModels } from '../lakehouse/modelRunner';
import { defaultHealthThresholds } from './financeSettings';
import { runGoldBuild } from './goldBuild';
import { createDeclaredTables, monthSql } from './__testUtils__/testPortfolio';

/*
 * The earned-value edge cases of docs/finance-metrics.md, one project per
 * row of its table, on the real gold models and DuckDB. Months are relative
 * to the current month M. Every figure is the one the API serves: the
 * project's latest forecast row.
 */

const modelsDir = path.resolve(__dirname, '../../../../databricks/sql');

interface EdgeProject {
  id: string;
  budget: string;
  currency: string;
  start: number;
  end: number;
  progress: number;
  /** [month offset, budget, actual] in USD. */
  lines: Array<[number, string, string]>;
}

const projects: EdgeProject[] = [
  {
    id: 'AC0',
    budget: '1000.00',
    currency: 'USD',
    start: -1,
    end: 2,
    progress: 0.25,
    lines: [
      [-1, '250.00', '0.00'],
      [0, '250.00', '0.00'],
      [1, '250.00', '0.00'],
      [2, '250.00', '0.00'],
    ],
  },
  {
    id: 'EV0',
    budget: '1000.00',
    currency: 'USD',
    start: -1,
    end: 2,
    progress: 0,
    lines: [
      [-1, '250.00', '100.00'],
      [0, '250.00', '50.00'],
      [1, '250.00', '0.00'],
      [2, '250.00', '0.00'],
    ],
  },
  {
    id: 'PV0',
    budget: '1000.00',
    currency: 'USD',
    start: -1,
    end: 2,
    progress: 0.2,
    lines: [
      [0, '0.00', '100.00'],
      [1, '500.00', '0.00'],
      [2, '500.00', '0.00'],
    ],
  },
  {
    // The budget is in yen, which has no rate: BAC is unknown.
    id: 'BACNULL',
    budget: '1000.00',
    currency: 'JPY',
    start: -1,
    end: 2,
    progress: 0.5,
    lines: [
      [-1, '250.00', '200.00'],
      [0, '250.00', '100.00'],
      [1, '250.00', '0.00'],
      [2, '250.00', '0.00'],
    ],
  },
  {
    id: 'FUTURE',
    budget: '900.00',
    currency: 'USD',
    start: 1,
    end: 3,
    progress: 0,
    lines: [
      [1, '300.00', '0.00'],
      [2, '300.00', '0.00'],
      [3, '300.00', '0.00'],
    ],
  },
  {
    id: 'ENDED',
    budget: '600.00',
    currency: 'USD',
    start: -4,
    end: -2,
    progress: 0.9,
    lines: [
      [-4, '200.00', '220.00'],
      [-3, '200.00', '210.00'],
      [-2, '200.00', '190.00'],
    ],
  },
  {
    id: 'DONE',
    budget: '1000.00',
    currency: 'USD',
    start: -2,
    end: 0,
    progress: 1,
    lines: [
      [-2, '300.00', '320.00'],
      [-1, '300.00', '330.00'],
      [0, '400.00', '300.00'],
    ],
  },
  {
    // Tens of millions: EV x EV in cents passes 18 digits.
    id: 'LARGE',
    budget: '90000000.00',
    currency: 'USD',
    start: -1,
    end: 1,
    progress: 0.5,
    lines: [
      [-1, '30000000.00', '40000000.00'],
      [0, '30000000.00', '20000000.00'],
      [1, '30000000.00', '0.00'],
    ],
  },
];

/** The documented table's case label of each project. */
const CASES: Record<string, string> = {
  'AC = 0': 'AC0',
  'EV = 0': 'EV0',
  'PV = 0': 'PV0',
  'BAC null': 'BACNULL',
  'not started': 'FUTURE',
  ended: 'ENDED',
  'progress 100 %': 'DONE',
};

/**
 * The rows of the "Edge cases" table in docs/finance-metrics.md, each as a
 * map from column header to cell, so the test checks what the docs say.
 */
function documentedEdgeCases(): Array<Record<string, string>> {
  const docs = fs.readFileSync(
    path.resolve(__dirname, '../../../../docs/finance-metrics.md'),
    'utf8',
  );
  const section = docs.slice(docs.indexOf('### Edge cases'));
  const lines = section
    .split('\n')
    .filter(line => line.startsWith('|'))
    .map(line =>
      line
        .slice(1, -1)
        .split('|')
        .map(cell => cell.trim()),
    );
  const end = lines.findIndex((line, i) => i > 1 && !CASES[line[0]]);
  const [header, , ...rows] = lines.slice(0, end === -1 ? undefined : end);
  return rows.map(row =>
    Object.fromEntries(header.map((title, i) => [title, row[i]])),
  );
}

/** A money figure as the docs print it: thousands separated, − for minus. */
function money(value: unknown): string {
  if (value === null || value === undefined) {
    return '–';
  }
  const [whole, fraction] = String(value).replace('-', '').split('.');
  const sign = String(value).startsWith('-') ? '−' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** A ratio as the docs print it: two decimals, − for minus. */
function ratio(value: unknown): string {
  return value === null || value === undefined
    ? '–'
    : Number(value).toFixed(2).replace('-', '−');
}

/** Which estimate the headline EAC is, in the docs' words. */
function eacSource(row: SqlRow): string {
  if (row.eac_cpi !== null && row.eac === row.eac_cpi) return '`BAC / CPI`';
  if (row.eac === row.eac_ac_plus_remaining) return '`AC + (BAC − EV)`';
  return 'run rate';
}

/** "M+11", "M" or "–" for the month the budget runs out. */
function relativeMonth(offset: unknown): string {
  if (offset === null || offset === undefined) return '–';
  const n = Number(offset);
  if (n === 0) return 'M';
  return n > 0 ? `M+${n}` : `M−${-n}`;
}

/** The figures of the docs' table computed from a forecast row. */
function asDocumented(row: SqlRow): Record<string, string> {
  return {
    BAC: money(row.budget_at_completion),
    PV: money(row.planned_value),
    EV: money(row.earned_value),
    AC: money(row.actual_cost),
    CPI: ratio(row.cpi),
    SPI: ratio(row.spi),
    'EAC (headline)': money(row.eac),
    from: eacSource(row),
    ETC: money(row.etc),
    VAC: money(row.vac),
    TCPI: ratio(row.tcpi),
    'run rate': money(row.run_rate),
    'budget runs out': relativeMonth(row.exhausted_month),
  };
}

/** Figures the table leaves out, from the notes under it and the formulas. */
const otherFigures: Record<string, Record<string, unknown>> = {
  AC0: {
    cost_variance: '250.00',
    schedule_variance: '-250.00',
    eac_cpi: null,
    eac_ac_plus_remaining: '750.00',
    eac_cpi_spi: null,
  },
  EV0: {
    cost_variance: '-150.00',
    schedule_variance: '-500.00',
    eac_cpi: null,
    eac_ac_plus_remaining: '1150.00',
    eac_cpi_spi: null,
  },
  PV0: {
    cost_variance: '100.00',
    schedule_variance: '200.00',
    eac_cpi: '500.00',
    eac_ac_plus_remaining: '900.00',
    eac_cpi_spi: null,
  },
  BACNULL: {
    cost_variance: null,
    schedule_variance: null,
    eac_cpi: null,
    eac_ac_plus_remaining: null,
    eac_cpi_spi: null,
  },
  FUTURE: {
    cost_variance: '0.00',
    schedule_variance: '0.00',
    eac_cpi: null,
    eac_ac_plus_remaining: '900.00',
    eac_cpi_spi: null,
  },
  ENDED: {
    cost_variance: '-80.00',
    schedule_variance: '-60.00',
    eac_cpi: '688.89',
    eac_ac_plus_remaining: '680.00',
    eac_cpi_spi: '696.54',
  },
  DONE: {
    cost_variance: '50.00',
    schedule_variance: '0.00',
    eac_cpi: '950.00',
    eac_ac_plus_remaining: '950.00',
    eac_cpi_spi: '950.00',
  },
};

async function seed(lakehouse: Lakehouse) {
  await lakehouse.execute(
    `INSERT INTO silver.notion_programs (program_id, name, synced_at)
     VALUES ('G', 'Edge cases', current_timestamp)`,
  );
  for (const p of projects) {
    await lakehouse.execute(
      `INSERT INTO silver.notion_projects
         (project_id, program_id, name, budget_total, currency, start_date, end_date,
          percent_complete, status, is_archived, synced_at)
       VALUES (:id, 'G', :id, CAST(:budget AS DECIMAL(18, 2)), :currency,
               ${monthSql(p.start)}, ${monthSql(p.end)}, :progress, 'Active',
               false, current_timestamp)`,
      {
        id: p.id,
        budget: p.budget,
        currency: p.currency,
        progress: p.progress,
      },
    );
    for (const [index, [month, budget, actual]] of p.lines.entries()) {
      await lakehouse.execute(
        `INSERT INTO silver.notion_budget_lines
           (budget_line_id, project_id, category, vendor, period, currency,
            amount, committed_amount, actual_amount, is_archived, synced_at)
         VALUES (:line_id, :project_id, 'OpEx', 'Acme', ${monthSql(
           month,
         )}, 'USD',
                 CAST(:budget AS DECIMAL(18, 2)), CAST(:budget AS DECIMAL(18, 2)),
                 CAST(:actual AS DECIMAL(18, 2)), false, current_timestamp)`,
        {
          line_id: `${p.id}-${index}`,
          project_id: p.id,
          budget,
          actual,
        },
      );
    }
  }
}

describe('earned value edge cases (docs/finance-metrics.md)', () => {
  let lakehouse: Lakehouse;

  beforeAll(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await createDeclaredTables(lakehouse);
    await seed(lakehouse);
    await runGoldBuild({
      lakehouse,
      models: await loadModels(modelsDir),
      settings: {
        reportingCurrency: 'USD',
        fxRates: {},
        health: defaultHealthThresholds,
      },
    });
  });

  afterAll(async () => {
    await lakehouse?.close();
  });

  /** The latest forecast row of a project, as GET /forecast serves it. */
  async function latestRow(projectId: string): Promise<SqlRow> {
    const rows = await lakehouse.query(
      `SELECT budget_at_completion, planned_value, earned_value, actual_cost,
              cost_variance, schedule_variance, cpi, spi, eac, eac_cpi,
              eac_ac_plus_remaining, eac_cpi_spi, etc, vac, tcpi, run_rate,
              (year(budget_exhausted_on) * 12 + month(budget_exhausted_on))
                - (year(current_date) * 12 + month(current_date)) AS exhausted_month,
              unit
         FROM gold.ppm_forecast
        WHERE project_id = :projectId
        ORDER BY period DESC
        LIMIT 1`,
      { projectId },
    );
    return rows[0];
  }

  const documented = documentedEdgeCases();

  it('documents one row per edge case', () => {
    expect(documented.map(row => row.case)).toEqual(Object.keys(CASES));
  });

  it.each(documented.map(row => [row.case, row] as const))(
    '%s: every figure of the documented row, to the cent',
    async (label, row) => {
      const forecast = await latestRow(CASES[label]);
      expect(forecast.unit).toBe('USD');
      const figures = Object.fromEntries(
        Object.entries(row).filter(
          ([title]) => !['case', 'project'].includes(title),
        ),
      );
      expect(asDocumented(forecast)).toEqual(figures);
    },
  );

  it.each(Object.keys(otherFigures))(
    '%s: the figures the table leaves out',
    async projectId => {
      const forecast = await latestRow(projectId);
      expect(
        Object.fromEntries(
          Object.keys(otherFigures[projectId]).map(key => [key, forecast[key]]),
        ),
      ).toEqual(otherFigures[projectId]);
    },
  );

  it('never reports an EAC of zero for work that is left, in any month', async () => {
    const rows = await lakehouse.query(
      `SELECT project_id FROM gold.ppm_forecast
        WHERE eac = 0 AND budget_at_completion > coalesce(earned_value, 0)`,
    );
    expect(rows).toEqual([]);
  });

  it('forecasts a project of tens of millions without overflowing: BAC x AC / EV and AC + (BAC - EV) x AC x PV / EV²', async () => {
    const forecast = await latestRow('LARGE');
    expect(forecast).toMatchObject({
      budget_at_completion: '90000000.00',
      earned_value: '45000000.00',
      actual_cost: '60000000.00',
      planned_value: '60000000.00',
      eac_cpi: '120000000.00',
      eac_cpi_spi: '140000000.00',
    });
  });

  it('forecasts the plan (BAC) before the status month while nothing is spent', async () => {
    const rows = await lakehouse.query(
      `SELECT eac, earned_value, actual_cost FROM gold.ppm_forecast
        WHERE project_id = 'AC0' ORDER BY period LIMIT 1`,
    );
    expect(rows).toEqual([
      { eac: '1000.00', earned_value: null, actual_cost: '0.00' },
    ]);
  });

  it('repeats the plan of a project that has not started on every month', async () => {
    const rows = await lakehouse.query(
      `SELECT eac, etc, vac, earned_value FROM gold.ppm_forecast
        WHERE project_id = 'FUTURE' ORDER BY period`,
    );
    expect(rows).toEqual(
      [1, 2, 3].map(() => ({
        eac: '900.00',
        etc: '900.00',
        vac: '0.00',
        earned_value: '0.00',
      })),
    );
  });
});
