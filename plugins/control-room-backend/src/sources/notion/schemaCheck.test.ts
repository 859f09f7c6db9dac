import { mockServices } from '@backstage/backend-test-utils';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
  NotionService,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { createNotionSandbox, generatePortfolio } from '@finance-ppm/sandbox';
import { setupServer } from 'msw/node';
import { migrateLakehouse } from '../../lakehouse/migrations';
import { runDataQualityChecks } from '../../quality/runDataQualityChecks';
import { NotionDatabaseName, NotionDatabaseSettings } from './config';
import { createSandboxNotionPulls } from './__testUtils__/sandboxNotionPulls';
import { checkMappingAgainstSchema } from './schemaCheck';

/** `properties` of a `GET /v1/data_sources/{id}` response, trimmed to what is read. */
const projectsDataSource = {
  Name: { id: 'title', name: 'Name', type: 'title', title: {} },
  Budget: { id: 'b%3Ad', name: 'Budget', type: 'number', number: {} },
  Approved: { id: 'ap', name: 'Approved', type: 'checkbox', checkbox: {} },
  Timeline: { id: 'tl', name: 'Timeline', type: 'date', date: {} },
  Status: { id: 'st', name: 'Status', type: 'status', status: {} },
};

const projects = (
  properties: Record<string, string>,
): NotionDatabaseSettings => ({
  name: 'projects',
  id: 'db',
  syncIntervalMinutes: 5,
  properties: {
    name: 'Name',
    budget_total: 'Budget',
    start_date: 'Timeline.start',
    end_date: 'Timeline.end',
    status: 'Status',
    ...properties,
  },
});

const EXISTING =
  'Existing properties: Approved (checkbox), Budget (number), Name (title), Status (status), Timeline (date).';

describe('checkMappingAgainstSchema', () => {
  it('accepts a mapping that fits, range parts included', () => {
    expect(checkMappingAgainstSchema(projects({}), projectsDataSource)).toEqual(
      [],
    );
  });

  it('names database, column, property and the existing properties for a misspelt name', () => {
    expect(
      checkMappingAgainstSchema(
        projects({ budget_total: 'Budgett' }),
        projectsDataSource,
      ),
    ).toEqual([
      {
        database: 'projects',
        column: 'budget_total',
        property: 'Budgett',
        message: `Notion database projects: column budget_total is mapped to property "Budgett", which the data source does not have. ${EXISTING}`,
      },
    ]);
  });

  it('refuses a checkbox for an amount, and a part of a property that is not a date', () => {
    const problems = checkMappingAgainstSchema(
      projects({ budget_total: 'Approved', end_date: 'Status.end' }),
      projectsDataSource,
    );
    expect(problems.map(p => p.message)).toEqual([
      `Notion database projects: column budget_total is mapped to property "Approved", whose type checkbox cannot fill a decimal(18,2) column; use a property of type number, rich_text, title, unique_id, formula, rollup. ${EXISTING}`,
      `Notion database projects: column end_date is mapped to property "Status.end", whose type status cannot fill a date range (for .end); use a property of type date, created_time, last_edited_time, formula, rollup. ${EXISTING}`,
    ]);
  });
});

describe('the mapping check against the Notion sandbox', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const opened: Array<{ lakehouse: Lakehouse; notion: NotionService }> = [];
  afterEach(async () => {
    for (const { lakehouse, notion } of opened.splice(0)) {
      await notion.stop();
      await lakehouse.close();
    }
  });

  async function setup(
    properties: Partial<Record<NotionDatabaseName, Record<string, string>>>,
  ) {
    const sandbox = createNotionSandbox({
      portfolio: generatePortfolio({
        seed: 7,
        programs: 1,
        projectsPerProgram: 2,
        budgetLines: 10,
      }),
      requestsPerSecond: 1000,
      burst: 1000,
    });
    server.use(...sandbox.handlers);
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
    const logger = mockServices.logger.mock();
    const { pulls, notion } = createSandboxNotionPulls({
      lakehouse,
      databaseIds: sandbox.databaseIds,
      logger,
      syncIntervalMinutes: 5,
      properties,
      timeoutMs: 300,
      retries: 1,
      retryDelayMs: 5,
    });
    opened.push({ lakehouse, notion });
    return { sandbox, lakehouse, logger, pulls };
  }

  it('fails the sync with one clear error per problem, records it, and reports it as a data-quality issue', async () => {
    const { lakehouse, pulls } = await setup({
      projects: { budget_total: 'Budgt', percent_complete: 'Priority' },
    });

    const failure = pulls.notion_sync_bronze();
    await expect(failure).rejects.toThrow(
      /projects: Notion database projects: column budget_total is mapped to property "Budgt", which the data source does not have\. Existing properties: .*Budget \(number\)/,
    );
    await expect(failure).rejects.toThrow(
      /column percent_complete is mapped to property "Priority", whose type select cannot fill a double column/,
    );
    // The other databases still synced; the projects database wrote nothing.
    const synced = await lakehouse.query(
      'SELECT DISTINCT database_name FROM bronze.notion_raw_pages ORDER BY 1',
    );
    expect(synced.map(r => r.database_name)).toEqual([
      'actions',
      'budget_lines',
      'programs',
      'risks',
    ]);

    const recorded = await lakehouse.query(
      'SELECT database_name, silver_column, property FROM silver.notion_mapping_errors ORDER BY silver_column',
    );
    // budget_total sorts before percent_complete.
    expect(recorded).toEqual([
      {
        database_name: 'projects',
        silver_column: 'budget_total',
        property: 'Budgt',
      },
      {
        database_name: 'projects',
        silver_column: 'percent_complete',
        property: 'Priority',
      },
    ]);
    const [result] = await runDataQualityChecks(
      lakehouse,
      silverChecks.filter(c => c.id === 'silver.notion_mapping_errors.none'),
      new Date(),
    );
    expect(result).toMatchObject({
      status: 'fail',
      failingRows: 2,
      sampleKeys: ['projects|budget_total', 'projects|percent_complete'],
    });
  });

  it('clears the recorded problem once the mapping fits', async () => {
    const { lakehouse, pulls } = await setup({});
    await lakehouse.execute(
      `INSERT INTO silver.notion_mapping_errors (database_name, silver_column, property, message)
       VALUES ('projects', 'budget_total', 'Budgt', 'old')`,
    );
    await pulls.notion_sync_bronze();
    await expect(
      lakehouse.query('SELECT * FROM silver.notion_mapping_errors'),
    ).resolves.toEqual([]);
  });

  it('logs mapping problems at startup as an error', async () => {
    const { logger, pulls } = await setup({ risks: { due_date: 'Deadline' } });
    const problems = await pulls.checkMappingAtStartup();
    expect(problems.map(p => [p.database, p.column])).toEqual([
      ['risks', 'due_date'],
    ]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        'column due_date is mapped to property "Deadline", which the data source does not have',
      ),
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('only warns at startup when Notion is down', async () => {
    const { sandbox, logger, pulls } = await setup({});
    sandbox.setFault({ kind: 'server_error', status: 503, count: 1000 });
    await expect(pulls.checkMappingAtStartup()).resolves.toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Could not check the Notion property mapping'),
    );
    expect(logger.error).not.toHaveBeenCalled();
  });
});
