import path from 'node:path';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
  qualifiedTableName,
  silverChecks,
  SqlParams,
} from '@finance-ppm/plugin-control-room-node';
import { createSeededRandom } from '@finance-ppm/sandbox';
import { loadModels } from '../lakehouse/modelRunner';
import { SqlModel } from '../lakehouse/models';
import {
  openTestLakehouse,
  TestEngine,
} from '../lakehouse/__testUtils__/testEngines';
import { defaultHealthThresholds } from './financeSettings';
import { runGoldBuild } from './goldBuild';
import {
  readTouchedMembers,
  renderIncrementalGold,
  runIncrementalGold,
  scopedChecks,
} from './incrementalGold';
import { runDataQualityChecks } from '../quality/runDataQualityChecks';
import {
  createDeclaredTables,
  portfolioFxRates,
  seedPortfolio,
} from './__testUtils__/testPortfolio';

const modelsDir = path.resolve(__dirname, '../../../../databricks/sql');
const NOW = new Date();

jest.setTimeout(600_000);

const settings = {
  reportingCurrency: 'USD',
  fxRates: portfolioFxRates,
  health: defaultHealthThresholds,
};

/** The tables both builds write, compared without their time stamps. */
const compared = [
  'gold.ppm_budget_line_totals',
  'gold.ppm_budget_vs_actual',
  'gold.ppm_project_totals',
  'gold.ppm_forecast',
  'gold.ppm_project_health',
  'gold.azure_advisor_recs',
  'gold.data_quality_issues',
  'gold.data_quality_metrics',
];
const TIME_COLUMNS = new Set(['computed_at', 'detected_at', 'measured_at']);

async function snapshot(lakehouse: Lakehouse, table: string) {
  const declaration = lakehouseTables.find(
    t => qualifiedTableName(t) === table,
  )!;
  const columns = declaration.columns
    .map(c => c.name)
    .filter(c => !TIME_COLUMNS.has(c));
  const rows = await lakehouse.query(
    `SELECT ${columns.join(', ')} FROM ${table}`,
  );
  return rows
    .map(row =>
      JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? `${v}` : v)),
    )
    .sort();
}

/** The sandbox's seeded source (mulberry32), with the draws made here. */
function seededRandom(seed: number) {
  const random = createSeededRandom(seed);
  return {
    int: (n: number) => random.int(0, n - 1),
    pick: random.pick,
    chance: (p: number) => random.next() < p,
  };
}
type Random = ReturnType<typeof seededRandom>;

const PROGRAMS = ['G1', 'G2', 'G3'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', null];
const CATEGORIES = ['OpEx', 'CapEx', null];
const VENDORS = ['Acme', 'Globex', 'Initech', null];
const PROJECT_IDS = Array.from({ length: 10 }, (_, i) => `P${i}`);

/** First day of month M + offset, as text both engines cast. */
function month(offset: number): string {
  const d = new Date(
    Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + offset, 1),
  );
  return d.toISOString().slice(0, 10);
}

function amount(random: Random): string {
  return `${random.int(100000) / 100}`;
}

/** One write to silver, applied the same way to both lakehouses. */
interface Edit {
  sql: string;
  params: SqlParams;
}

function projectRow(random: Random, id: string): Edit {
  const start = random.int(12) - 18;
  return {
    sql: `INSERT INTO silver.notion_projects
      (project_id, program_id, name, budget_total, currency, start_date, end_date,
       percent_complete, status, is_archived)
      VALUES (:id, :program, :name, CAST(:budget AS DECIMAL(18, 2)), :currency,
        CAST(:start AS DATE), CAST(:end AS DATE), CAST(:pct AS DOUBLE), 'Active', :archived)`,
    params: {
      id,
      program: random.chance(0.1) ? null : random.pick(PROGRAMS),
      name: `Project ${id}`,
      budget: random.chance(0.2) ? null : amount(random),
      currency: random.pick(CURRENCIES),
      start: month(start),
      end: month(start + 6 + random.int(24)),
      pct: `${random.int(101) / 100}`,
      archived: random.chance(0.1),
    },
  };
}

function lineRow(random: Random, id: string, project: string): Edit {
  return {
    sql: `INSERT INTO silver.notion_budget_lines
      (budget_line_id, project_id, category, vendor, period, currency,
       amount, committed_amount, actual_amount, is_archived)
      VALUES (:id, :project, :category, :vendor, CAST(:period AS DATE), :currency,
        CAST(:amount AS DECIMAL(18, 2)), CAST(:committed AS DECIMAL(18, 2)),
        CAST(:actual AS DECIMAL(18, 2)), :archived)`,
    params: {
      id,
      project,
      category: random.pick(CATEGORIES),
      vendor: random.pick(VENDORS),
      period: month(random.int(30) - 20),
      currency: random.pick(CURRENCIES),
      amount: amount(random),
      committed: amount(random),
      actual: random.chance(0.2) ? null : amount(random),
      archived: random.chance(0.05),
    },
  };
}

function riskRow(random: Random, id: string, project: string): Edit {
  return {
    sql: `INSERT INTO silver.notion_risks (risk_id, project_id, title, impact, status, is_archived)
      VALUES (:id, :project, 'Risk', :impact, :status, :archived)`,
    params: {
      id,
      project,
      impact: random.pick(['High', 'Low']),
      status: random.pick(['Open', 'Closed']),
      archived: random.chance(0.1),
    },
  };
}

function actionRow(random: Random, id: string, project: string): Edit {
  return {
    sql: `INSERT INTO silver.notion_actions
      (action_id, project_id, title, status, due_date, source, source_id, is_archived)
      VALUES (:id, :project, 'Action', :status, CAST(:due AS DATE), :source, :sourceId, :archived)`,
    params: {
      id,
      project,
      status: random.pick(['Done', 'Not started']),
      due: month(random.int(6) - 3),
      source: random.chance(0.3) ? 'advisor' : 'manual',
      sourceId: random.chance(0.3) ? `REC${random.int(4)}` : null,
      archived: random.chance(0.1),
    },
  };
}

/** The initial portfolio: every project, 60 lines, risks, actions, cloud. */
function seedEdits(random: Random): Edit[] {
  const edits: Edit[] = PROGRAMS.map(id => ({
    sql: `INSERT INTO silver.notion_programs (program_id, name) VALUES (:id, :id)`,
    params: { id },
  }));
  PROJECT_IDS.forEach(id => edits.push(projectRow(random, id)));
  for (let i = 0; i < 60; i++) {
    edits.push(lineRow(random, `L${i}`, random.pick(PROJECT_IDS)));
  }
  for (let i = 0; i < 8; i++) {
    edits.push(riskRow(random, `R${i}`, random.pick(PROJECT_IDS)));
    edits.push(actionRow(random, `X${i}`, random.pick(PROJECT_IDS)));
  }
  for (let i = 0; i < 4; i++) {
    edits.push({
      sql: `INSERT INTO silver.azure_advisor_recommendations
        (recommendation_id, category, impact, monthly_savings, savings_currency, project_id)
        VALUES (:id, 'Cost', 'High', CAST(:savings AS DECIMAL(18, 2)), 'EUR', :project)`,
      params: {
        id: `REC${i}`,
        savings: amount(random),
        project: random.pick(PROJECT_IDS),
      },
    });
  }
  for (let i = 0; i < 12; i++) {
    edits.push({
      sql: `INSERT INTO silver.azure_costs
        (charge_period_start, resource_id, billing_currency, billed_cost, project_id)
        VALUES (CAST(:day AS DATE), :resource, :currency, CAST(:cost AS DECIMAL(18, 2)), :project)`,
      params: {
        day: month(-random.int(6)),
        resource: `/vm/${i}`,
        currency: random.pick(['USD', 'EUR']),
        cost: amount(random),
        project: random.chance(0.2) ? null : random.pick(PROJECT_IDS),
      },
    });
  }
  return edits;
}

/** Project of a row, or undefined when the row does not exist. */
async function projectOf(
  lakehouse: Lakehouse,
  table: string,
  key: string,
  id: string,
): Promise<string | undefined> {
  const rows = await lakehouse.query<{ project_id: string }>(
    `SELECT project_id FROM ${table} WHERE ${key} = :id`,
    { id },
  );
  return rows[0]?.project_id;
}

const rowTables = {
  line: { table: 'silver.notion_budget_lines', key: 'budget_line_id' },
  risk: { table: 'silver.notion_risks', key: 'risk_id' },
  action: { table: 'silver.notion_actions', key: 'action_id' },
};

/**
 * A random change to silver: an edit, an archive or restore, a deletion or
 * an insert, of a line, project, risk or action. Returns its writes and the
 * projects it touched (a moved row touches both projects).
 */
async function randomChange(
  random: Random,
  lakehouse: Lakehouse,
  step: number,
): Promise<{ edits: Edit[]; touched: string[] }> {
  const kind = random.pick([
    'line',
    'line',
    'line',
    'project',
    'risk',
    'action',
  ] as const);
  if (kind === 'project') {
    const id = random.pick(PROJECT_IDS);
    const what = random.pick([
      'replace',
      'archive',
      'delete',
      'program',
    ] as const);
    const remove: Edit = {
      sql: 'DELETE FROM silver.notion_projects WHERE project_id = :id',
      params: { id },
    };
    if (what === 'delete') {
      return { edits: [remove], touched: [id] };
    }
    if (what === 'archive') {
      return {
        edits: [
          {
            sql: 'UPDATE silver.notion_projects SET is_archived = NOT coalesce(is_archived, false) WHERE project_id = :id',
            params: { id },
          },
        ],
        touched: [id],
      };
    }
    if (what === 'program') {
      return {
        edits: [
          {
            sql: 'UPDATE silver.notion_projects SET program_id = :program WHERE project_id = :id',
            params: { id, program: random.pick(PROGRAMS) },
          },
        ],
        touched: [id],
      };
    }
    return { edits: [remove, projectRow(random, id)], touched: [id] };
  }
  const { table, key } = rowTables[kind];
  const id = `${kind[0].toUpperCase()}${random.int(kind === 'line' ? 70 : 10)}`;
  const before = await projectOf(lakehouse, table, key, id);
  const remove: Edit = {
    sql: `DELETE FROM ${table} WHERE ${key} = :id`,
    params: { id },
  };
  if (before !== undefined && random.chance(0.25)) {
    return { edits: [remove], touched: [before] };
  }
  if (before !== undefined && random.chance(0.2)) {
    return {
      edits: [
        {
          sql: `UPDATE ${table} SET is_archived = NOT coalesce(is_archived, false) WHERE ${key} = :id`,
          params: { id },
        },
      ],
      touched: [before],
    };
  }
  // Insert or replace, in this project or another one.
  const project = random.chance(0.05) ? `PX${step}` : random.pick(PROJECT_IDS);
  const rowOf = { line: lineRow, risk: riskRow, action: actionRow }[kind];
  const row = rowOf(random, id, project);
  return {
    edits: [remove, row],
    touched: before === undefined ? [project] : [before, project],
  };
}

async function applyEdits(lakehouses: Lakehouse[], edits: Edit[]) {
  for (const lakehouse of lakehouses) {
    for (const edit of edits) {
      await lakehouse.execute(edit.sql, edit.params);
    }
  }
}

interface Pair {
  incremental: Lakehouse;
  full: Lakehouse;
  close(): Promise<void>;
}

/**
 * Rebuilds the full lakehouse and expects the same gold rows in both,
 * table by table.
 */
async function expectFullRebuildsGold(
  pair: Pair,
  models: SqlModel[],
  after: string | number,
) {
  await runGoldBuild({ lakehouse: pair.full, models, settings, now: NOW });
  for (const table of compared) {
    const [incremental, full] = await Promise.all(
      [pair.incremental, pair.full].map(lakehouse =>
        snapshot(lakehouse, table),
      ),
    );
    expect({ after, table, rows: incremental }).toEqual({
      after,
      table,
      rows: full,
    });
  }
}

/** Two migrated lakehouses on one engine: one refreshed, one rebuilt. */
async function openPair(engine: TestEngine): Promise<Pair> {
  const [incremental, full] = await Promise.all([
    openTestLakehouse(engine),
    openTestLakehouse(engine),
  ]);
  return {
    incremental: incremental.lakehouse,
    full: full.lakehouse,
    async close() {
      await incremental.close();
      await full.close();
    },
  };
}

describe('incremental gold', () => {
  let models: SqlModel[];

  beforeAll(async () => {
    models = await loadModels(modelsDir);
  });

  it('renders one transaction of DELETE and INSERT per model on DuckDB, one MERGE per model on Databricks', () => {
    const members = {
      programs: ['G1'],
      categories: ['OpEx'],
      vendors: ['Acme', 'Globex'],
      advisorRecommendations: true,
    };
    const replace = renderIncrementalGold(
      models,
      ['P1', 'P2'],
      members,
      'replace',
    );
    expect(replace.models).toEqual([
      'gold.azure_advisor_recs',
      'gold.ppm_budget_line_totals',
      'gold.ppm_budget_vs_actual',
      'gold.ppm_forecast',
      'gold.ppm_project_totals',
      'gold.ppm_project_health',
    ]);
    const [, deleteTotals, insertTotals] = replace.statements;
    expect(deleteTotals.sql).toBe(
      'DELETE FROM gold.ppm_budget_line_totals WHERE project_id IN (:scope_0, :scope_1)',
    );
    expect(deleteTotals.params).toEqual({ scope_0: 'P1', scope_1: 'P2' });
    // The lines are read for the two projects only.
    expect(insertTotals.sql).toContain(
      'FROM (SELECT * FROM silver.notion_budget_lines WHERE project_id IN (:scope_0, :scope_1)) AS bl',
    );
    const merge = renderIncrementalGold(models, ['P1'], members, 'merge');
    expect(merge.statements).toHaveLength(6);
    const totals = merge.statements[2];
    expect(totals.sql).toMatch(
      /^MERGE INTO gold\.ppm_budget_vs_actual AS target[\s\S]*ON target\.metric_id = source\.metric_id[\s\S]*WHEN NOT MATCHED BY SOURCE AND \(\(target\.dimension = 'project' AND target\.dimension_value IN \(:scope_0\)\)\s+OR \(target\.dimension = 'program' AND target\.metric_name <> 'cloud_unallocated' AND target\.dimension_value IN \(:program_0\)\)\s+OR \(target\.dimension = 'category' AND target\.dimension_value IN \(:category_0\)\)\s+OR \(target\.dimension = 'vendor' AND target\.dimension_value IN \(:vendor_0, :vendor_1\)\)\) THEN DELETE$/,
    );
    expect(totals.params).toEqual({
      scope_0: 'P1',
      program_0: 'G1',
      category_0: 'OpEx',
      vendor_0: 'Acme',
      vendor_1: 'Globex',
    });
    // Cloud spend is read for the touched project and its programs' only.
    expect(totals.sql).toContain(
      'FROM (SELECT * FROM silver.azure_costs WHERE project_id IN (:scope_0)',
    );
  });

  it("checks a touched project's key against every project's, as the full run does", async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      await createDeclaredTables(lakehouse);
      // Without the key constraint, as on Delta: a duplicate can land.
      for (const sql of [
        'CREATE TEMP TABLE project_columns AS SELECT * FROM silver.notion_projects WHERE false',
        'DROP TABLE silver.notion_projects',
        'CREATE TABLE silver.notion_projects AS SELECT * FROM project_columns',
      ]) {
        await lakehouse.execute(sql);
      }
      await seedPortfolio(lakehouse);
      await runGoldBuild({ lakehouse, models, settings, now: NOW });
      const checkId = 'silver.notion_projects.project_id_unique';
      expect(scopedChecks(silverChecks, ['PB']).get(checkId)).toMatchObject({
        keyDecidesScope: true,
      });
      // A second row with PB's id: the touched project's key, twice.
      await lakehouse.execute(
        `INSERT INTO silver.notion_projects (project_id, program_id, name, is_archived)
         VALUES ('PB', 'G1', 'Copy of PB', false)`,
      );
      const incremental = await runIncrementalGold({
        lakehouse,
        models,
        projectIds: ['PB'],
        now: NOW,
      });
      const full = await runDataQualityChecks(lakehouse, silverChecks, NOW);
      const unique = (results: typeof full) =>
        results.find(result => result.checkId === checkId);
      expect(unique(incremental.silverChecks)).toEqual({
        checkId,
        status: 'fail',
        failingRows: 2,
        sampleKeys: ['PB', 'PB'],
      });
      expect(unique(full)).toEqual(unique(incremental.silverChecks));
    } finally {
      await lakehouse.close();
    }
  });

  it('recomputes the totals a project counted in before the change and counts in after it', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      await createDeclaredTables(lakehouse);
      await seedPortfolio(lakehouse);
      await runGoldBuild({ lakehouse, models, settings, now: NOW });
      const before = await readTouchedMembers(lakehouse, ['PA']);
      expect(before.programs).toEqual(['G1']);
      expect(before.vendors).toContain('Acme');
      expect(before.vendors).not.toContain('Newco');
      // PA moves to G2 and a line of it to a new vendor: G1 and Acme lose
      // it, G2 and Newco gain it.
      await lakehouse.execute(
        "UPDATE silver.notion_projects SET program_id = 'G2' WHERE project_id = 'PA'",
      );
      await lakehouse.execute(
        "UPDATE silver.notion_budget_lines SET vendor = 'Newco', category = 'CapEx' WHERE project_id = 'PA'",
      );
      const after = await readTouchedMembers(lakehouse, ['PA']);
      expect(after.programs).toEqual(['G1', 'G2']);
      expect(after.vendors).toEqual(
        expect.arrayContaining([...before.vendors, 'Newco']),
      );
      expect(after.categories).toEqual(
        expect.arrayContaining([...before.categories, 'CapEx']),
      );
      // Spend of a project with no health row may have been on any program.
      await lakehouse.execute(
        `INSERT INTO silver.azure_costs (charge_period_start, resource_id, billing_currency, billed_cost, project_id)
         VALUES (CAST('2026-01-01' AS DATE), '/vm/z', 'USD', CAST(5 AS DECIMAL(18, 2)), 'PZ')`,
      );
      expect((await readTouchedMembers(lakehouse, ['PA', 'PZ'])).programs).toBe(
        'all',
      );
      // A project without a health row whose lines had no project row
      // counted on 'unassigned'.
      expect((await readTouchedMembers(lakehouse, ['PX'])).programs).toEqual([
        'unassigned',
      ]);
    } finally {
      await lakehouse.close();
    }
  });

  it('rebuilds the Advisor recommendations only when the change can move one', async () => {
    const pair = await openPair('DuckDB');
    const both = [pair.incremental, pair.full];
    const action = (
      id: string,
      project: string,
      source: string,
      rec: string,
    ) => ({
      sql: `INSERT INTO silver.notion_actions (action_id, project_id, title, status, source, source_id, is_archived)
        VALUES (:id, :project, 'Action', 'Not started', :source, :rec, false)`,
      params: { id, project, source, rec },
    });
    const line = (id: string, project: string, budget: number) => ({
      sql: `INSERT INTO silver.notion_budget_lines
        (budget_line_id, project_id, category, vendor, period, currency, amount, committed_amount, actual_amount, is_archived)
        VALUES (:id, :project, 'OpEx', 'Acme', CAST(:period AS DATE), 'USD',
          CAST(:amount AS DECIMAL(18, 2)), 0, 0, false)`,
      params: { id, project, period: month(0), amount: budget },
    });
    try {
      await applyEdits(both, [
        ...['G1', 'G2'].map(id => ({
          sql: 'INSERT INTO silver.notion_programs (program_id, name) VALUES (:id, :id)',
          params: { id },
        })),
        ...[
          ['PA', 'G1'],
          ['PB', 'G2'],
        ].map(([id, program]) => ({
          sql: `INSERT INTO silver.notion_projects (project_id, program_id, name, currency, is_archived)
            VALUES (:id, :program, :id, 'USD', false)`,
          params: { id, program },
        })),
        ...[
          ['R1', 'PA'],
          ['R2', 'PB'],
        ].map(([id, project]) => ({
          sql: `INSERT INTO silver.azure_advisor_recommendations
            (recommendation_id, category, impact, monthly_savings, savings_currency, project_id)
            VALUES (:id, 'Cost', 'High', CAST(10 AS DECIMAL(18, 2)), 'USD', :project)`,
          params: { id, project },
        })),
        action('XA1', 'PA', 'advisor', 'R1'),
        line('L1', 'PA', 100),
        line('L2', 'PB', 200),
      ]);
      for (const lakehouse of both) {
        await runGoldBuild({ lakehouse, models, settings, now: NOW });
      }
      // Each change, the project it touched, and whether it can move a
      // recommendation: its program, or which action it links to.
      const changes: Array<[string, Edit[], string, boolean]> = [
        ['a budget line', [line('L3', 'PB', 50)], 'PB', false],
        [
          "a recommendation's project changes program",
          [
            {
              sql: "UPDATE silver.notion_projects SET program_id = 'G1' WHERE project_id = 'PB'",
              params: {},
            },
          ],
          'PB',
          true,
        ],
        [
          'an Advisor action lower than the linked one, in another project',
          [action('XA0', 'PB', 'advisor', 'R1')],
          'PB',
          true,
        ],
        ['a manual action', [action('XM1', 'PA', 'manual', 'R2')], 'PA', false],
        [
          'the linked action is archived',
          [
            {
              sql: "UPDATE silver.notion_actions SET is_archived = true WHERE action_id = 'XA0'",
              params: {},
            },
          ],
          'PB',
          true,
        ],
        [
          'the linked action is deleted',
          [
            {
              sql: "DELETE FROM silver.notion_actions WHERE action_id = 'XA1'",
              params: {},
            },
          ],
          'PA',
          true,
        ],
        [
          'a recommendation without a live action gets one',
          [action('XA5', 'PA', 'advisor', 'R1')],
          'PA',
          true,
        ],
        [
          'an Advisor action higher than the linked one',
          [action('XA9', 'PA', 'advisor', 'R1')],
          'PA',
          false,
        ],
      ];
      for (const [name, edits, project, moves] of changes) {
        await applyEdits(both, edits);
        const result = await runIncrementalGold({
          lakehouse: pair.incremental,
          models,
          projectIds: [project],
          now: NOW,
        });
        // Its checks run only when it was rebuilt; else their last results
        // stand (compared below).
        expect({
          name,
          rebuilt: result.models.includes('gold.azure_advisor_recs'),
          checked: result.goldChecks.some(c =>
            c.checkId.startsWith('gold.azure_advisor_recs.'),
          ),
        }).toEqual({ name, rebuilt: moves, checked: moves });
        await expectFullRebuildsGold(pair, models, name);
      }
      const [linked] = await pair.full.query<{ action_id: string }>(
        "SELECT action_id FROM gold.azure_advisor_recs WHERE recommendation_id = 'R1'",
      );
      expect(linked.action_id).toBe('XA5');
    } finally {
      await pair.close();
    }
  });

  it('does nothing when no project was touched', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      await createDeclaredTables(lakehouse);
      const result = await runIncrementalGold({
        lakehouse,
        models,
        projectIds: [],
      });
      expect(result.models).toEqual([]);
    } finally {
      await lakehouse.close();
    }
  });

  describe.each<[TestEngine, number, number]>([
    ['DuckDB', 2026, 40],
    ['the emulated Databricks SQL warehouse', 7, 12],
  ])('on %s', (engine, seed, steps) => {
    it(`gives the full rebuild's tables after each of ${steps} random edits, archives and deletions`, async () => {
      const pair = await openPair(engine);
      try {
        const random = seededRandom(seed);
        const both = [pair.incremental, pair.full];
        await applyEdits(both, seedEdits(random));
        for (const lakehouse of both) {
          await runGoldBuild({ lakehouse, models, settings, now: NOW });
        }
        const kinds = new Set<number>();
        for (let step = 0; step < steps; step++) {
          const changes = 1 + random.int(3);
          const touched: string[] = [];
          for (let c = 0; c < changes; c++) {
            const change = await randomChange(random, pair.incremental, step);
            kinds.add(change.edits.length);
            await applyEdits(both, change.edits);
            touched.push(...change.touched);
          }
          const result = await runIncrementalGold({
            lakehouse: pair.incremental,
            models,
            projectIds: touched,
            now: NOW,
          });
          expect(result.projectIds.length).toBeGreaterThan(0);
          await expectFullRebuildsGold(pair, models, step);
        }
        // Both single writes (updates, deletions) and replacements ran.
        expect(kinds).toEqual(new Set([1, 2]));
        const [health] = await pair.full.query<{ n: bigint }>(
          'SELECT count(*) AS n FROM gold.ppm_project_health',
        );
        expect(Number(health.n)).toBeGreaterThan(0);
      } finally {
        await pair.close();
      }
    });
  });
});
