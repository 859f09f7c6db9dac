import {
  DataQualityCheck,
  DuckDbLakehouse,
  goldChecks,
  Lakehouse,
  lakehouseTables,
  qualifiedTableName,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { defaultHealthThresholds } from '../finance/financeSettings';
import { writeFxRates } from '../finance/referenceData';
import {
  createDeclaredTables,
  portfolioFxRates,
  seedPortfolio,
} from '../finance/__testUtils__/testPortfolio';
import {
  openTestLakehouse,
  TEST_ENGINES,
} from '../lakehouse/__testUtils__/testEngines';
import { scopedChecks } from '../finance/incrementalGold';
import {
  renderCheckQuery,
  renderCountQueryOfTables,
  renderTableCountQuery,
} from './checkSql';
import { runDataQualityChecks } from './runDataQualityChecks';

const now = new Date();
const checks = [...silverChecks, ...goldChecks];
const tableCount = new Set(checks.map(c => qualifiedTableName(c.table))).size;

/**
 * What the check's own query finds (the per-check SQL that ran before the
 * checks of a table shared one statement): the oracle for the combined run.
 */
async function ownQueryFinds(lakehouse: Lakehouse, check: DataQualityCheck) {
  const query = renderCheckQuery(check, lakehouseTables, 1000, now);
  const rows = await lakehouse.query(query.sql, query.params);
  return {
    failingRows: rows.length > 0 ? Number(rows[0].failing_rows) : 0,
    sampleKeys: rows
      .slice(0, 10)
      .map(row => query.keyColumns.map(c => String(row[c] ?? '')).join('|')),
  };
}

describe.each(TEST_ENGINES)(
  'checks of one table in one statement, on %s',
  engine => {
    let lakehouse: Lakehouse;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ lakehouse, close } = await openTestLakehouse(engine));
      await seedPortfolio(lakehouse);
      await writeFxRates(lakehouse, {
        reportingCurrency: 'USD',
        fxRates: portfolioFxRates,
        health: defaultHealthThresholds,
      });
      await lakehouse.execute(
        `INSERT INTO gold.ppm_project_health (project_id, program_id, health)
       VALUES ('PA', 'G1', 'green'), ('PB', 'G2', 'amber'), ('PC', 'G1', 'red')`,
      );
    }, 60_000);

    afterEach(async () => {
      await close();
    });

    it('reports each failing check with its own count and keys', async () => {
      const plants = [
        // A4 fails three checks of its table at once, A1 and A2 one or two.
        "UPDATE silver.notion_budget_lines SET project_id = 'PZ' WHERE budget_line_id IN ('A1', 'A4')",
        "UPDATE silver.notion_budget_lines SET currency = NULL, period = NULL WHERE budget_line_id = 'A4'",
        // Falls back to its project's rate, so it passes.
        "UPDATE silver.notion_budget_lines SET currency = NULL WHERE budget_line_id = 'B1'",
        "UPDATE silver.notion_budget_lines SET category = 'Other', amount = -1 WHERE budget_line_id = 'A2'",
        "UPDATE silver.notion_projects SET program_id = 'G9' WHERE project_id = 'PC'",
        "UPDATE silver.notion_projects SET percent_complete = 1.5 WHERE project_id = 'PB'",
        "UPDATE silver.notion_actions SET source = 'advisor', source_id = 'REC1' WHERE action_id = 'X1'",
        "INSERT INTO silver.notion_rejects (page_id, property, reason) VALUES ('P9', 'Budget', 'not a number')",
        // A duplicate key and a bad value in one gold table.
        "INSERT INTO gold.ppm_project_health (project_id, program_id, health) VALUES ('PC', 'G1', 'purple')",
      ];
      for (const plant of plants) {
        await lakehouse.execute(plant);
      }
      await lakehouse.execute(
        'UPDATE silver.azure_resources SET ingested_at = :old',
        { old: new Date(now.getTime() - 72 * 3_600_000) },
      );

      const results = await runDataQualityChecks(lakehouse, checks, now);

      const failed = Object.fromEntries(
        results
          .filter(r => r.status === 'fail')
          .map(r => [
            r.checkId,
            { failingRows: r.failingRows, keys: r.sampleKeys },
          ]),
      );
      expect(failed).toEqual({
        'silver.notion_budget_lines.project_exists': {
          failingRows: 2,
          keys: ['A1', 'A4'],
        },
        'silver.notion_budget_lines.currency_has_rate': {
          failingRows: 2,
          keys: ['A4', 'B3'],
        },
        'silver.notion_budget_lines.period_not_null': {
          failingRows: 1,
          keys: ['A4'],
        },
        'silver.notion_budget_lines.category_accepted': {
          failingRows: 1,
          keys: ['A2'],
        },
        'silver.notion_budget_lines.amount_not_negative': {
          failingRows: 1,
          keys: ['A2'],
        },
        'silver.notion_projects.program_exists': {
          failingRows: 1,
          keys: ['PC'],
        },
        'silver.notion_projects.percent_complete_fraction': {
          failingRows: 1,
          keys: ['PB'],
        },
        'silver.notion_actions.one_action_per_finding': {
          failingRows: 2,
          keys: ['X1', 'X3'],
        },
        'silver.notion_rejects.none': {
          failingRows: 1,
          keys: [expect.stringContaining('P9')],
        },
        'silver.azure_resources.fresh': {
          failingRows: 1,
          keys: [expect.stringMatching(/^\d{4}-/)],
        },
        'gold.ppm_project_health.health_accepted': {
          failingRows: 1,
          keys: ['PC'],
        },
        'gold.ppm_project_health.key_unique': {
          failingRows: 2,
          keys: ['PC', 'PC'],
        },
      });
      // Every check, failing or not, finds what its own query finds.
      for (const check of checks) {
        const result = results.find(r => r.checkId === check.id);
        expect({ id: check.id, ...result }).toMatchObject({
          id: check.id,
          ...(await ownQueryFinds(lakehouse, check)),
        });
      }
      // Each table's count statement, alone or in the one statement of
      // every table, counts what each check's own query finds, so a check
      // it calls clean is clean.
      const tables = [...new Set(checks.map(c => qualifiedTableName(c.table)))];
      const ofTable = tables.map(table =>
        checks.filter(c => qualifiedTableName(c.table) === table),
      );
      const prefixed = ofTable.map((group, t) =>
        renderTableCountQuery(group, lakehouseTables, now, [], `t${t}_`),
      );
      const every = renderCountQueryOfTables(prefixed);
      const [everyRow] = await lakehouse.query(every.sql, every.params);
      for (const [t, group] of ofTable.entries()) {
        const count = renderTableCountQuery(group, lakehouseTables, now);
        const [row] = await lakehouse.query(count.sql, count.params);
        for (const [i, check] of group.entries()) {
          const { failingRows } = await ownQueryFinds(lakehouse, check);
          expect({
            id: check.id,
            alone: Number(row[count.counts[i]]),
            withEveryTable: Number(everyRow[prefixed[t].counts[i]]),
          }).toEqual({
            id: check.id,
            alone: failingRows,
            withEveryTable: failingRows,
          });
        }
      }
      const [metric] = await lakehouse.query(
        `SELECT status, failing_rows, sample_keys FROM gold.data_quality_metrics
        WHERE check_id = 'silver.notion_budget_lines.currency_has_rate'`,
      );
      expect(metric).toEqual({
        status: 'fail',
        failing_rows: 2n,
        sample_keys: '["A4","B3"]',
      });
    }, 60_000);

    it("counts scoped checks in the table's one statement: a touched project's failing row is found, an untouched one's is not read", async () => {
      await runDataQualityChecks(lakehouse, silverChecks, now);
      // After that run, a line of PA (touched) and one of PB (untouched)
      // break the same check.
      await lakehouse.execute(
        "UPDATE silver.notion_budget_lines SET category = 'Other' WHERE budget_line_id IN ('A2', 'B1')",
      );
      // Likewise a risk of PB, and one of no project (always in the scope).
      await lakehouse.execute(
        `INSERT INTO silver.notion_risks (risk_id, project_id, title, impact, status, is_archived)
         VALUES ('R5', 'PB', 'Unrated', 'Huge', 'Open', false),
                ('R6', NULL, 'Unassigned', 'Huge', 'Open', false)`,
      );
      const scopes = scopedChecks(silverChecks, ['PA']);
      const query = jest.spyOn(lakehouse, 'query');
      const results = await runDataQualityChecks(lakehouse, silverChecks, now, {
        scopes,
      });
      const result = (id: string) => results.find(r => r.checkId === id);
      expect(result('silver.notion_budget_lines.category_accepted')).toEqual({
        checkId: 'silver.notion_budget_lines.category_accepted',
        status: 'fail',
        failingRows: 1,
        sampleKeys: ['A2'],
      });
      // The project-less risk is read; PB's is not.
      expect(result('silver.notion_risks.impact_accepted')).toEqual({
        checkId: 'silver.notion_risks.impact_accepted',
        status: 'fail',
        failingRows: 1,
        sampleKeys: ['R6'],
      });
      // PB's issue from the previous run carries over without a read of PB.
      expect(result('silver.notion_budget_lines.currency_has_rate')).toEqual({
        checkId: 'silver.notion_budget_lines.currency_has_rate',
        status: 'fail',
        failingRows: 1,
        sampleKeys: ['B3'],
      });
      const statements = query.mock.calls.map(([sql]) => sql);
      query.mockRestore();
      const silverTables = new Set(
        silverChecks.map(c => qualifiedTableName(c.table)),
      );
      // The previous results, the kept issues (one read for every check
      // sharing the predicate), one count of every table, one key read per
      // failing check.
      expect(silverTables.size).toBeGreaterThan(1);
      expect(statements).toHaveLength(2 + 1 + 2);
      const counts = statements.filter(sql => sql.includes('t0_failing_0'));
      expect(counts).toHaveLength(1);
      for (const table of silverTables) {
        expect(counts[0]).toContain(`FROM ${table}`);
      }
      // The lines read are the touched project's and the project-less
      // ones, each part on its own so the engine can skip row groups.
      expect(counts[0]).toContain(
        'FROM (SELECT * FROM silver.notion_budget_lines WHERE project_id IN (:scope_0)\n  UNION ALL SELECT * FROM silver.notion_budget_lines WHERE project_id IS NULL) AS t',
      );
      // The full run agrees once PB is looked at.
      const full = await runDataQualityChecks(lakehouse, silverChecks, now);
      expect(
        full.find(
          r => r.checkId === 'silver.notion_budget_lines.category_accepted',
        ),
      ).toMatchObject({ failingRows: 2, sampleKeys: ['A2', 'B1'] });
      expect(
        full.find(r => r.checkId === 'silver.notion_risks.impact_accepted'),
      ).toMatchObject({ failingRows: 2, sampleKeys: ['R5', 'R6'] });
    }, 60_000);

    it('reads a table once when its checks pass, and the failing rows of a failing check only', async () => {
      // The portfolio's planted JPY line without a rate is the one defect.
      const query = jest.spyOn(lakehouse, 'query');
      const results = await runDataQualityChecks(lakehouse, checks, now);
      expect(results.filter(r => r.status === 'fail')).toEqual([
        {
          checkId: 'silver.notion_budget_lines.currency_has_rate',
          status: 'fail',
          failingRows: 1,
          sampleKeys: ['B3'],
        },
      ]);
      expect(results.filter(r => r.status === 'pass')).toHaveLength(
        checks.length - 1,
      );
      // One count of every table, then the failing rows of the one failing
      // check.
      expect(tableCount).toBeGreaterThan(1);
      expect(query).toHaveBeenCalledTimes(1 + 1);
      query.mockRestore();
    }, 60_000);
  },
);

describe("a scoped unique key in its table's row scan", () => {
  it('counts the duplicates of the scope in the one read of its rows, leaving the others to their carried-over result', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      await createDeclaredTables(lakehouse);
      // Without the key constraint, as on Delta: a duplicate can land.
      for (const sql of [
        'CREATE TEMP TABLE health_columns AS SELECT * FROM gold.ppm_project_health WHERE false',
        'DROP TABLE gold.ppm_project_health',
        'CREATE TABLE gold.ppm_project_health AS SELECT * FROM health_columns',
        `INSERT INTO gold.ppm_project_health (project_id, program_id, health)
         VALUES ('PA', 'G1', 'green'), ('PB', 'G2', 'amber')`,
      ]) {
        await lakehouse.execute(sql);
      }
      const healthChecks = goldChecks.filter(
        check => qualifiedTableName(check.table) === 'gold.ppm_project_health',
      );
      expect(healthChecks.map(check => check.kind).sort()).toEqual([
        'accepted_values',
        'unique',
      ]);
      await runDataQualityChecks(lakehouse, healthChecks, now);
      // PA (touched) twice, once with a bad value; PB (untouched) twice.
      await lakehouse.execute(
        `INSERT INTO gold.ppm_project_health (project_id, program_id, health)
         VALUES ('PA', 'G1', 'purple'), ('PB', 'G2', 'amber')`,
      );
      const scopes = scopedChecks(healthChecks, ['PA'], {
        programs: ['G1'],
        categories: [],
        vendors: [],
        advisorRecommendations: true,
      });
      const query = jest.spyOn(lakehouse, 'query');
      const results = await runDataQualityChecks(lakehouse, healthChecks, now, {
        scopes,
      });
      const counts = query.mock.calls
        .map(([sql]) => sql)
        .filter(sql => sql.includes('FROM gold.ppm_project_health AS'));
      query.mockRestore();
      // One scan of the scope's rows, grouped by the key.
      expect(counts).toHaveLength(1);
      expect(counts[0].match(/FROM gold\.ppm_project_health AS/g)).toHaveLength(
        1,
      );
      expect(counts[0]).toContain('GROUP BY t.project_id');
      const failing = Object.fromEntries(
        results.map(result => [result.checkId, result.failingRows]),
      );
      expect(failing).toEqual({
        'gold.ppm_project_health.health_accepted': 1,
        [healthChecks.find(check => check.kind === 'unique')!.id]: 2,
      });
      // The full run also finds PB's copies, outside the scope.
      const full = await runDataQualityChecks(lakehouse, healthChecks, now);
      expect(
        full.find(result => result.checkId.endsWith('unique'))?.failingRows,
      ).toBe(4);
    } finally {
      await lakehouse.close();
    }
  }, 60_000);
});

describe('the count statement of several tables', () => {
  it('refuses two tables that bind one parameter name to two values', () => {
    const count = (scopeValue: string) => ({
      sql: 'SELECT 1',
      from: '(SELECT 1 AS one) AS x',
      params: { scope_0: scopeValue },
      counts: [],
      newest: [],
    });
    expect(renderCountQueryOfTables([count('PA'), count('PA')])).toEqual({
      sql: 'SELECT * FROM (SELECT 1 AS one) AS x\n  CROSS JOIN (SELECT 1 AS one) AS x',
      params: { scope_0: 'PA' },
    });
    expect(() => renderCountQueryOfTables([count('PA'), count('PB')])).toThrow(
      'Counts of several tables bind the parameter scope_0 to two values',
    );
  });
});
