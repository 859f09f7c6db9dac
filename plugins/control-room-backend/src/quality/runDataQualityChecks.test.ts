import {
  DataQualityCheck,
  DuckDbLakehouse,
  goldChecks,
  Lakehouse,
  lakehouseTables,
  notionBudgetLines,
  notionProjects,
  silverChecks,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import { writeFxRates } from '../finance/referenceData';
import { defaultHealthThresholds } from '../finance/financeSettings';
import {
  createDeclaredTables,
  portfolioFxRates,
  seedPortfolio,
} from '../finance/__testUtils__/testPortfolio';
import { runDataQualityChecks } from './runDataQualityChecks';

const now = new Date();

describe('runDataQualityChecks', () => {
  let lakehouse: Lakehouse;

  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await createDeclaredTables(lakehouse);
    await seedPortfolio(lakehouse);
    await writeFxRates(lakehouse, {
      reportingCurrency: 'USD',
      fxRates: portfolioFxRates,
      health: defaultHealthThresholds,
    });
    // The portfolio's one defect (a JPY line without a rate) is planted on
    // purpose for the gold tests; these tests start clean.
    await lakehouse.execute(
      "DELETE FROM silver.notion_budget_lines WHERE budget_line_id = 'B3'",
    );
  });

  afterEach(async () => {
    await lakehouse.close();
  });

  async function failingChecks() {
    const results = await runDataQualityChecks(lakehouse, silverChecks, now);
    return results.filter(r => r.status === 'fail');
  }

  it('passes every silver check on clean data and records each one', async () => {
    expect(await failingChecks()).toEqual([]);
    const rows = await lakehouse.query(
      `SELECT count(*) AS n, count(DISTINCT check_kind) AS kinds
         FROM gold.data_quality_metrics WHERE status = 'pass'`,
    );
    expect(rows).toEqual([{ n: BigInt(silverChecks.length), kinds: 8n }]);
  });

  it.each<
    [string, string, string, { failingRows: number; sampleKeys: string[] }]
  >([
    [
      'not_null',
      "UPDATE silver.notion_budget_lines SET period = NULL WHERE budget_line_id = 'A4'",
      'silver.notion_budget_lines.period_not_null',
      { failingRows: 1, sampleKeys: ['A4'] },
    ],
    [
      'unique',
      "UPDATE silver.notion_actions SET source = 'advisor', source_id = 'REC1' WHERE action_id = 'X1'",
      'silver.notion_actions.one_action_per_finding',
      { failingRows: 2, sampleKeys: ['X1', 'X3'] },
    ],
    [
      'relationship: budget line to project',
      "UPDATE silver.notion_budget_lines SET project_id = 'PZ' WHERE budget_line_id IN ('A1', 'D1')",
      'silver.notion_budget_lines.project_exists',
      { failingRows: 2, sampleKeys: ['A1', 'D1'] },
    ],
    [
      'relationship: project to program',
      "UPDATE silver.notion_projects SET program_id = 'G9' WHERE project_id = 'PC'",
      'silver.notion_projects.program_exists',
      { failingRows: 1, sampleKeys: ['PC'] },
    ],
    [
      'relationship: action to project',
      "UPDATE silver.notion_actions SET project_id = 'PZ' WHERE action_id = 'X2'",
      'silver.notion_actions.project_exists',
      { failingRows: 1, sampleKeys: ['X2'] },
    ],
    [
      'relationship: currency to configured rate',
      "UPDATE silver.notion_budget_lines SET currency = 'CHF' WHERE budget_line_id = 'B1'",
      'silver.notion_budget_lines.currency_has_rate',
      { failingRows: 1, sampleKeys: ['B1'] },
    ],
    [
      'accepted_values',
      "UPDATE silver.notion_budget_lines SET category = 'Capex' WHERE budget_line_id = 'A3'",
      'silver.notion_budget_lines.category_accepted',
      { failingRows: 1, sampleKeys: ['A3'] },
    ],
    [
      'range: negative amount',
      "UPDATE silver.notion_budget_lines SET actual_amount = -0.01 WHERE budget_line_id = 'A2'",
      'silver.notion_budget_lines.actual_amount_not_negative',
      { failingRows: 1, sampleKeys: ['A2'] },
    ],
    [
      'range: fraction above 1',
      "UPDATE silver.notion_projects SET percent_complete = 1.5 WHERE project_id = 'PB'",
      'silver.notion_projects.percent_complete_fraction',
      { failingRows: 1, sampleKeys: ['PB'] },
    ],
    [
      'column_order: end before start',
      "UPDATE silver.notion_projects SET end_date = start_date - 1 WHERE project_id = 'PD'",
      'silver.notion_projects.end_not_before_start',
      { failingRows: 1, sampleKeys: ['PD'] },
    ],
    [
      'freshness: stale source',
      'UPDATE silver.azure_resources SET ingested_at = current_timestamp - INTERVAL 3 DAY',
      'silver.azure_resources.fresh',
      {
        failingRows: 1,
        sampleKeys: [expect.stringMatching(/^\d{4}-/) as unknown as string],
      },
    ],
    [
      'no_rows: a Notion value the rebuild rejected',
      "INSERT INTO silver.notion_rejects (page_id, property, reason) VALUES ('P9', 'Budget', 'not a number')",
      'silver.notion_rejects.none',
      {
        failingRows: 1,
        sampleKeys: [expect.stringContaining('P9') as unknown as string],
      },
    ],
    [
      'freshness: empty source',
      'DELETE FROM silver.azure_advisor_recommendations',
      'silver.azure_advisor_recommendations.fresh',
      { failingRows: 1, sampleKeys: [''] },
    ],
  ])('%s catches a planted defect', async (_kind, plant, checkId, outcome) => {
    await lakehouse.execute(plant);
    expect(await failingChecks()).toEqual([
      { checkId, status: 'fail', ...outcome },
    ]);
  });

  it('ignores archived rows', async () => {
    await lakehouse.execute(
      "UPDATE silver.notion_budget_lines SET amount = -5, is_archived = true WHERE budget_line_id = 'A1'",
    );
    expect(await failingChecks()).toEqual([]);
  });

  it('lists failing rows with their project and replaces them on the next run', async () => {
    await lakehouse.execute(
      "UPDATE silver.notion_budget_lines SET amount = -1 WHERE budget_line_id IN ('A1', 'B1')",
    );
    await runDataQualityChecks(lakehouse, silverChecks, now);
    const issues = await lakehouse.query(
      `SELECT issue_id, table_name, check_kind, severity, row_key, project_id
         FROM gold.data_quality_issues ORDER BY issue_id`,
    );
    expect(issues).toEqual(
      ['A1|PA', 'B1|PB'].map(keyAndProject => {
        const [key, project] = keyAndProject.split('|');
        return {
          issue_id: `silver.notion_budget_lines.amount_not_negative|${key}`,
          table_name: 'silver.notion_budget_lines',
          check_kind: 'range',
          severity: 'error',
          row_key: key,
          project_id: project,
        };
      }),
    );
    const [metric] = await lakehouse.query(
      `SELECT status, failing_rows, sample_keys FROM gold.data_quality_metrics
        WHERE check_id = 'silver.notion_budget_lines.amount_not_negative'`,
    );
    expect(metric).toEqual({
      status: 'fail',
      failing_rows: 2n,
      sample_keys: '["A1","B1"]',
    });

    await lakehouse.execute(
      "UPDATE silver.notion_budget_lines SET amount = 1 WHERE budget_line_id IN ('A1', 'B1')",
    );
    await runDataQualityChecks(lakehouse, silverChecks, now);
    expect(
      await lakehouse.query('SELECT issue_id FROM gold.data_quality_issues'),
    ).toEqual([]);
  });

  it('keeps the full count while capping the issue rows', async () => {
    await lakehouse.execute(
      'UPDATE silver.notion_budget_lines SET committed_amount = -1',
    );
    const [result] = (
      await runDataQualityChecks(lakehouse, silverChecks, now, {
        issueLimit: 2,
      })
    ).filter(r => r.status === 'fail');
    // Seven live lines; the archived one is not counted.
    expect(result.failingRows).toBe(7);
    expect(result.sampleKeys).toEqual(['A1', 'A2']);
  });

  describe('scoped to the changed rows', () => {
    const committedCheck = silverChecks.find(
      c => c.id === 'silver.notion_budget_lines.committed_amount_not_negative',
    )!;
    // Lines of project PA only; the others' issues carry over by project.
    const paOnly = new Map([
      [
        committedCheck.id,
        {
          rows: "(project_id = 'PA')",
          params: {},
          keptIssues: { where: "project_id <> 'PA'", params: {} },
        },
      ],
    ]);

    it("gives the full run's result while reading the scope only", async () => {
      await lakehouse.execute(
        "UPDATE silver.notion_budget_lines SET committed_amount = -1 WHERE budget_line_id IN ('A1', 'B1')",
      );
      await runDataQualityChecks(lakehouse, [committedCheck], now);
      // B1 (project PB) stays failing unseen; A1 is fixed, A2 breaks.
      await lakehouse.execute(
        "UPDATE silver.notion_budget_lines SET committed_amount = CASE budget_line_id WHEN 'A1' THEN 1 ELSE -1 END WHERE budget_line_id IN ('A1', 'A2')",
      );
      const [scoped] = await runDataQualityChecks(
        lakehouse,
        [committedCheck],
        now,
        { scopes: paOnly },
      );
      const [full] = await runDataQualityChecks(
        lakehouse,
        [committedCheck],
        now,
      );
      expect(scoped).toEqual(full);
      expect(scoped.sampleKeys).toEqual(['A2', 'B1']);
    });

    it('runs in full when the previous run capped its issue rows', async () => {
      await lakehouse.execute(
        'UPDATE silver.notion_budget_lines SET committed_amount = -1',
      );
      await runDataQualityChecks(lakehouse, [committedCheck], now, {
        issueLimit: 2,
      });
      const [scoped] = await runDataQualityChecks(
        lakehouse,
        [committedCheck],
        now,
        { scopes: paOnly, issueLimit: 2 },
      );
      expect(scoped.failingRows).toBe(7);
    });

    it('refuses to scope a unique check whose key does not decide the scope', async () => {
      const unique = silverChecks.find(c => c.kind === 'unique')!;
      await expect(
        runDataQualityChecks(lakehouse, [unique], now, {
          scopes: new Map([[unique.id, { rows: '(1 = 1)', params: {} }]]),
        }),
      ).rejects.toThrow(/key decides the scope/);
    });
  });

  it('leaves the results of other checks alone', async () => {
    await lakehouse.execute(
      "UPDATE silver.notion_budget_lines SET amount = -1 WHERE budget_line_id = 'A1'",
    );
    await runDataQualityChecks(lakehouse, silverChecks, now);
    await runDataQualityChecks(lakehouse, goldChecks, now);
    const rows = await lakehouse.query(
      'SELECT count(*) AS n FROM gold.data_quality_issues',
    );
    expect(rows).toEqual([{ n: 1n }]);
  });

  it('binds values as parameters, quotes and all', async () => {
    await lakehouse.execute(
      "UPDATE silver.notion_budget_lines SET vendor = 'O''Brien; DROP TABLE x' WHERE budget_line_id = 'A1'",
    );
    const check: DataQualityCheck = {
      id: 'test.vendor_accepted',
      table: notionBudgetLines,
      kind: 'accepted_values',
      column: 'vendor',
      values: ["O'Brien; DROP TABLE x", 'Acme', 'Globex', 'Initech'],
      severity: 'warn',
      description: 'Known vendors.',
    };
    expect(await runDataQualityChecks(lakehouse, [check], now)).toEqual([
      {
        checkId: 'test.vendor_accepted',
        status: 'fail',
        failingRows: 1,
        sampleKeys: ['D1'],
      },
    ]);
  });

  it.each<[string, DataQualityCheck, RegExp]>([
    [
      'a column the table does not declare',
      {
        id: 'bad.column',
        table: notionProjects,
        kind: 'not_null',
        column: 'name; DROP TABLE silver.notion_projects',
        severity: 'error',
        description: 'x',
      },
      /declares no column/,
    ],
    [
      'a referenced column the parent does not declare',
      {
        id: 'bad.parent',
        table: notionBudgetLines,
        kind: 'relationship',
        column: 'project_id',
        references: notionProjects,
        referencedColumn: 'id',
        severity: 'error',
        description: 'x',
      },
      /silver\.notion_projects declares no column 'id'/,
    ],
    [
      'a table that is not declared',
      {
        id: 'bad.table',
        table: {
          ...notionProjects,
          name: 'notion_projects x, silver.notion_programs',
        } as TableDeclaration,
        kind: 'not_null',
        column: 'name',
        severity: 'error',
        description: 'x',
      },
      /is not a declared table/,
    ],
    [
      'a range without bounds',
      {
        id: 'bad.range',
        table: notionProjects,
        kind: 'range',
        column: 'budget_total',
        severity: 'error',
        description: 'x',
      },
      /needs min or max/,
    ],
  ])('rejects %s before writing anything', async (_name, check, message) => {
    await expect(
      runDataQualityChecks(lakehouse, [check], now, {
        tables: lakehouseTables,
      }),
    ).rejects.toThrow(message);
    expect(
      await lakehouse.query(
        'SELECT count(*) AS n FROM gold.data_quality_metrics',
      ),
    ).toEqual([{ n: 0n }]);
  });

  it('rejects two checks with one id', async () => {
    await expect(
      runDataQualityChecks(lakehouse, [silverChecks[0], silverChecks[0]], now),
    ).rejects.toThrow(/share the id/);
  });

  it('checks of one table share one scan and find what separate runs find', async () => {
    // Defects against several row-wise checks of the same tables.
    await lakehouse.execute(
      `UPDATE silver.notion_budget_lines SET period = NULL WHERE budget_line_id = 'A4'`,
    );
    await lakehouse.execute(
      `UPDATE silver.notion_budget_lines SET category = 'Other', amount = -5 WHERE budget_line_id IN ('A1', 'D1')`,
    );
    await lakehouse.execute(
      `UPDATE silver.notion_budget_lines SET actual_amount = -1 WHERE budget_line_id = 'A1'`,
    );
    await lakehouse.execute(
      `UPDATE silver.notion_projects SET percent_complete = 2 WHERE project_id = 'PB'`,
    );
    const issues = () =>
      lakehouse.query(
        `SELECT issue_id, check_id, row_key, project_id, message
           FROM gold.data_quality_issues ORDER BY issue_id`,
      );
    const query = jest.spyOn(lakehouse, 'query');

    const together = await runDataQualityChecks(lakehouse, silverChecks, now);
    const togetherQueries = query.mock.calls.length;
    const togetherIssues = await issues();
    query.mockClear();
    const separate = [];
    for (const check of silverChecks) {
      separate.push(...(await runDataQualityChecks(lakehouse, [check], now)));
    }
    const separateQueries = query.mock.calls.length;
    query.mockRestore();

    expect(together).toEqual(separate);
    expect(await issues()).toEqual(togetherIssues);
    const failed = Object.fromEntries(
      together.filter(r => r.status === 'fail').map(r => [r.checkId, r]),
    );
    expect(failed).toMatchObject({
      'silver.notion_budget_lines.period_not_null': { sampleKeys: ['A4'] },
      'silver.notion_budget_lines.category_accepted': {
        sampleKeys: ['A1', 'D1'],
      },
      'silver.notion_budget_lines.amount_not_negative': {
        failingRows: 2,
        sampleKeys: ['A1', 'D1'],
      },
      'silver.notion_budget_lines.actual_amount_not_negative': {
        sampleKeys: ['A1'],
      },
      'silver.notion_projects.percent_complete_fraction': {
        sampleKeys: ['PB'],
      },
    });
    // Each table's shareable checks took one query instead of one each.
    expect(togetherQueries).toBeLessThan(separateQueries);
  });
});
