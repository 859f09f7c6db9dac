import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  findModelsDirectory,
  loadModels,
  ModelRunError,
  runModels,
} from './modelRunner';
import { parseModelFile } from './models';

const budget = parseModelFile(
  'gold/budget.sql',
  'DELETE FROM gold.budget; INSERT INTO gold.budget SELECT * FROM silver.notion_projects;',
);
const forecast = parseModelFile(
  'gold/forecast.sql',
  'DELETE FROM gold.forecast; INSERT INTO gold.forecast SELECT * FROM gold.budget;',
);
const status = parseModelFile(
  'gold/status.sql',
  'DELETE FROM gold.status; INSERT INTO gold.status SELECT * FROM bronze.job_runs;',
);
const knownTables = ['silver.notion_projects', 'bronze.job_runs'];

/** A lakehouse that records statements and fails on the ones it is told to. */
function recordingLakehouse(failOn?: string) {
  const executed: string[] = [];
  return {
    executed,
    async execute(sql: string) {
      if (failOn && sql.includes(failOn)) {
        throw new Error('table not found');
      }
      executed.push(sql);
    },
  };
}

describe('runModels', () => {
  it('runs every statement in dependency order and reports each model', async () => {
    const lakehouse = recordingLakehouse();
    const results = await runModels(lakehouse, [forecast, status, budget], {
      knownTables,
    });
    expect(results.map(r => [r.name, r.statements])).toEqual([
      ['gold.budget', 2],
      ['gold.forecast', 2],
      ['gold.status', 2],
    ]);
    expect(results.every(r => r.durationMs >= 0)).toBe(true);
    expect(lakehouse.executed).toEqual([
      ...budget.statements,
      ...forecast.statements,
      ...status.statements,
    ]);
  });

  it('runs only the named models, still in dependency order', async () => {
    const lakehouse = recordingLakehouse();
    const results = await runModels(lakehouse, [forecast, status, budget], {
      knownTables,
      only: ['gold.forecast', 'gold.budget'],
    });
    expect(results.map(r => r.name)).toEqual(['gold.budget', 'gold.forecast']);
  });

  it('rejects an unknown model name in only', async () => {
    await expect(
      runModels(recordingLakehouse(), [budget], {
        knownTables,
        only: ['gold.nope'],
      }),
    ).rejects.toThrow('No model named gold.nope');
  });

  it('stops at the first failing statement and names the model and statement', async () => {
    const lakehouse = recordingLakehouse('INSERT INTO gold.forecast');
    const error = await runModels(lakehouse, [budget, forecast, status], {
      knownTables,
    }).catch(e => e);
    expect(error).toBeInstanceOf(ModelRunError);
    expect(error).toMatchObject({
      name: 'ModelRunError',
      model: 'gold.forecast',
      statementIndex: 1,
      message:
        'Model gold.forecast failed at statement 2 of 2; caused by Error: table not found',
    });
    expect(error.completed.map((r: { name: string }) => r.name)).toEqual([
      'gold.budget',
    ]);
    // Nothing after the failure ran.
    expect(lakehouse.executed).toEqual([
      ...budget.statements,
      forecast.statements[0],
    ]);
  });

  it('checks what the models read against the declared tables by default', async () => {
    const strayRead = parseModelFile(
      'gold/stray.sql',
      'INSERT INTO gold.stray SELECT * FROM silver.not_declared',
    );
    await expect(runModels(recordingLakehouse(), [strayRead])).rejects.toThrow(
      'Model gold.stray reads silver.not_declared, which is neither a declared table nor a model',
    );
    await expect(
      runModels(recordingLakehouse(), [status]),
    ).resolves.toHaveLength(1);
  });
});

describe('loadModels', () => {
  const mockDir = createMockDirectory();

  it('reads <layer>/<table>.sql files in path order and skips other files', async () => {
    mockDir.setContent({
      gold: {
        'forecast.sql': 'DELETE FROM gold.forecast; SELECT 1 FROM gold.budget;',
        'budget.sql': 'DELETE FROM gold.budget;',
        'README.md': '# not a model',
      },
      silver: {},
    });
    const models = await loadModels(mockDir.path);
    expect(
      models.map(m => [m.name, m.relativePath, m.statements.length]),
    ).toEqual([
      ['gold.budget', 'gold/budget.sql', 1],
      ['gold.forecast', 'gold/forecast.sql', 2],
    ]);
  });

  it('names the file of a model it cannot parse', async () => {
    mockDir.setContent({ gold: { 'Bad-Name.sql': 'SELECT 1' } });
    await expect(loadModels(mockDir.path)).rejects.toThrow(
      "Model file 'gold/Bad-Name.sql' is not named <layer>/<table>.sql",
    );
  });
});

describe('findModelsDirectory', () => {
  const mockDir = createMockDirectory();

  it('walks up to the first databricks/sql folder', () => {
    mockDir.setContent({
      databricks: { sql: { gold: {} } },
      packages: { backend: { src: {} } },
    });
    expect(findModelsDirectory(mockDir.resolve('packages/backend/src'))).toBe(
      mockDir.resolve('databricks/sql'),
    );
    expect(findModelsDirectory(mockDir.path)).toBe(
      mockDir.resolve('databricks/sql'),
    );
  });

  it('finds the repository models from the backend package', () => {
    const repoRoot = path.resolve(__dirname, '../../../..');
    expect(findModelsDirectory(path.join(repoRoot, 'packages/backend'))).toBe(
      path.join(repoRoot, 'databricks', 'sql'),
    );
  });

  it('fails with a hint when there is none', () => {
    mockDir.setContent({ somewhere: {} });
    const start = mockDir.resolve('somewhere');
    expect(() => findModelsDirectory(start)).toThrow(NotFoundError);
    expect(() => findModelsDirectory(start)).toThrow(
      /set controlRoom\.lakehouse\.modelsDirectory/,
    );
  });
});
