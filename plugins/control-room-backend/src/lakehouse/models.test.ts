import {
  orderModels,
  parseModelFile,
  referencedTables,
  splitSqlStatements,
  SqlModel,
} from './models';

const model = (name: string, dependsOn: string[] = []): SqlModel => {
  const [layer, table] = name.split('.');
  return {
    name,
    layer: layer as SqlModel['layer'],
    relativePath: `${layer}/${table}.sql`,
    statements: [`DELETE FROM ${name}`],
    dependsOn,
  };
};

describe('splitSqlStatements', () => {
  it('splits on semicolons and drops empty and comment-only statements', () => {
    expect(
      splitSqlStatements('DELETE FROM gold.a;\n\nSELECT 1 ;  ; -- the end\n'),
    ).toEqual(['DELETE FROM gold.a', 'SELECT 1']);
  });

  it('keeps semicolons inside string literals, quoted identifiers and comments', () => {
    const sql = [
      'SELECT \'a;b\', "c;d", `e;f` FROM t -- g;h',
      "/* i;\n j */ WHERE x = 'it\\'s; fine';",
      "SELECT 'x''; y'",
    ].join('\n');
    expect(splitSqlStatements(sql)).toEqual([
      [
        'SELECT \'a;b\', "c;d", `e;f` FROM t -- g;h',
        "/* i;\n j */ WHERE x = 'it\\'s; fine'",
      ].join('\n'),
      "SELECT 'x''; y'",
    ]);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitSqlStatements('SELECT 1; SELECT 2')).toEqual([
      'SELECT 1',
      'SELECT 2',
    ]);
  });

  it('names the source and line of an unterminated literal or comment', () => {
    expect(() =>
      splitSqlStatements("SELECT 1;\nSELECT 'x", 'gold/a.sql'),
    ).toThrow('gold/a.sql: unterminated string literal starting on line 2');
    expect(() => splitSqlStatements('SELECT 1 /* x', 'gold/a.sql')).toThrow(
      'gold/a.sql: unterminated comment starting on line 1',
    );
  });
});

describe('referencedTables', () => {
  it('finds layer.table names in code only, lower-cased and once each', () => {
    const sql = [
      'INSERT INTO gold.a SELECT * FROM Silver.Notion_Projects AS p',
      "JOIN bronze.job_runs r ON r.x = 'gold.in_string'",
      '-- silver.in_comment',
      'JOIN silver.notion_projects q ON q.project_id = p.project_id',
    ].join('\n');
    expect(referencedTables(sql)).toEqual([
      'gold.a',
      'silver.notion_projects',
      'bronze.job_runs',
    ]);
  });
});

describe('parseModelFile', () => {
  it('names the model after its path and lists what it reads', () => {
    const parsed = parseModelFile(
      'gold/ppm_forecast.sql',
      [
        '-- forecast',
        'DELETE FROM gold.ppm_forecast;',
        'INSERT INTO gold.ppm_forecast (a)',
        'SELECT a FROM gold.ppm_budget_vs_actual JOIN silver.notion_projects USING (a);',
      ].join('\n'),
    );
    expect(parsed).toEqual({
      name: 'gold.ppm_forecast',
      layer: 'gold',
      relativePath: 'gold/ppm_forecast.sql',
      statements: [
        '-- forecast\nDELETE FROM gold.ppm_forecast',
        'INSERT INTO gold.ppm_forecast (a)\nSELECT a FROM gold.ppm_budget_vs_actual JOIN silver.notion_projects USING (a)',
      ],
      dependsOn: ['gold.ppm_budget_vs_actual', 'silver.notion_projects'],
    });
  });

  it.each(['ppm_forecast.sql', 'platinum/x.sql', 'gold/X.sql', 'gold/x.txt'])(
    'rejects the path %s',
    relativePath => {
      expect(() => parseModelFile(relativePath, 'SELECT 1')).toThrow(
        /is not named <layer>\/<table>\.sql/,
      );
    },
  );

  it('rejects a file without statements', () => {
    expect(() => parseModelFile('gold/x.sql', '-- nothing yet\n')).toThrow(
      "Model file 'gold/x.sql' has no statements",
    );
  });
});

describe('orderModels', () => {
  const declared = ['silver.notion_projects', 'bronze.job_runs'];

  it('puts each model after the models it reads and otherwise keeps the input order', () => {
    const models = [
      model('gold.forecast', ['gold.budget', 'silver.notion_projects']),
      model('gold.status', ['bronze.job_runs']),
      model('gold.budget', ['silver.notion_projects']),
      model('gold.summary', ['gold.forecast', 'gold.budget']),
    ];
    expect(orderModels(models, declared).map(m => m.name)).toEqual([
      'gold.budget',
      'gold.forecast',
      'gold.status',
      'gold.summary',
    ]);
  });

  it('names the cycle when models read each other', () => {
    const models = [
      model('gold.a', ['gold.b']),
      model('gold.b', ['gold.c']),
      model('gold.c', ['gold.a']),
    ];
    expect(() => orderModels(models, declared)).toThrow(
      'Models read each other in a cycle: gold.a -> gold.b -> gold.c -> gold.a',
    );
  });

  it('rejects a model that reads a table that is neither declared nor a model', () => {
    expect(() =>
      orderModels([model('gold.a', ['silver.notion_projectz'])], declared),
    ).toThrow(
      'Model gold.a reads silver.notion_projectz, which is neither a declared table nor a model',
    );
  });

  it('rejects two models for one table', () => {
    expect(() =>
      orderModels([model('gold.a'), model('gold.a')], declared),
    ).toThrow('Two model files materialise gold.a');
  });
});
