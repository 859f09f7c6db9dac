import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { TTypeId } from '@databricks/sql/thrift/TCLIService_types';
import { toStatementFailure } from './errors';
import { fromInt64, toInt64 } from './int64';
import { decodeSparkParameter, decodeSparkParameters } from './parameters';
import { nullBitmap, resultSchema, thriftColumn } from './resultSet';
import { isReadStatement, sparkToDuckDbSql, splitSparkSql } from './sparkSql';

describe('sparkToDuckDbSql', () => {
  it('drops Delta clauses and comments, and renames Spark types', () => {
    const sql = sparkToDuckDbSql(`CREATE TABLE IF NOT EXISTS gold.t (
  id STRING NOT NULL COMMENT 'The id',
  tags MAP<STRING, STRING> COMMENT 'Tags'
)
USING DELTA
PARTITIONED BY (id)
COMMENT 'A table'
TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported', 'a' = 'b')`);
    expect(sql.replace(/\s+/g, ' ').trim()).toBe(
      'CREATE TABLE IF NOT EXISTS gold.t ( id VARCHAR NOT NULL , tags MAP(VARCHAR, VARCHAR) )',
    );
  });

  it('drops liquid clustering', () => {
    const sql = sparkToDuckDbSql(`CREATE TABLE IF NOT EXISTS silver.t (
  id STRING NOT NULL,
  project_id STRING
)
USING DELTA
CLUSTER BY (project_id, id)
COMMENT 'A table'`);
    expect(sql.replace(/\s+/g, ' ').trim()).toBe(
      'CREATE TABLE IF NOT EXISTS silver.t ( id VARCHAR NOT NULL, project_id VARCHAR )',
    );
  });

  it('rewrites Spark string escapes and backticks for DuckDB', () => {
    expect(sparkToDuckDbSql("SELECT 'it\\'s', 'a\\\\b', `col` -- 'x'")).toBe(
      "SELECT 'it''s', 'a\\b', \"col\" -- 'x'",
    );
  });

  it('turns from_json maps into casts and unqualifies MERGE assignments', () => {
    const sql = sparkToDuckDbSql(
      "MERGE INTO gold.t AS t USING (SELECT from_json(tags, 'MAP<STRING,STRING>') AS tags FROM v) AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.tags = s.tags, t.n = s.n WHEN NOT MATCHED THEN INSERT (tags) VALUES (s.tags)",
    );
    expect(sql).toContain(
      'CAST(CAST(tags AS JSON) AS MAP(VARCHAR, VARCHAR)) AS tags',
    );
    expect(sql).toContain('UPDATE SET tags = s.tags, n = s.n WHEN');
    expect(sql).toContain('ON t.id = s.id');
  });

  it('refuses unterminated literals and identifiers', () => {
    expect(() => splitSparkSql("SELECT 'open")).toThrow(
      'Unterminated string literal',
    );
    expect(() => splitSparkSql('SELECT `open')).toThrow(
      'Unterminated quoted identifier',
    );
  });

  it('tells reads from writes', () => {
    expect(
      isReadStatement('-- note\n  WITH a AS (SELECT 1) SELECT * FROM a'),
    ).toBe(true);
    expect(isReadStatement('(SELECT 1)')).toBe(true);
    expect(isReadStatement('INSERT INTO t SELECT 1')).toBe(false);
    expect(isReadStatement('  ')).toBe(false);
  });

  it('runs what it produces on DuckDB', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      await lakehouse.execute(
        sparkToDuckDbSql(
          "CREATE TABLE t (id STRING COMMENT 'id', tags MAP<STRING, STRING>) USING DELTA",
        ),
      );
      await lakehouse.execute(
        sparkToDuckDbSql(
          "INSERT INTO t SELECT id, from_json(j, 'MAP<STRING,STRING>') FROM (SELECT 'a' AS id, '{\"k\":\"v\"}' AS j) AS v",
        ),
      );
      expect(
        await lakehouse.query(
          "SELECT id, cardinality(tags) AS n, tags['k'] AS k FROM t",
        ),
      ).toEqual([{ id: 'a', n: 1n, k: 'v' }]);
      const result = await lakehouse.queryWithColumns(
        sparkToDuckDbSql("SELECT CAST('x' AS STRING) AS s, 1.5 AS d"),
      );
      expect(result.columns.map(c => c.name)).toEqual(['s', 'd']);
      expect(result.rows).toEqual([{ s: 'x', d: '1.5' }]);
    } finally {
      await lakehouse.close();
    }
  });
});

describe('Spark parameters', () => {
  it('decodes each wire type to the value the DuckDB layer binds', () => {
    const param = (type: string | undefined, stringValue?: string) =>
      decodeSparkParameter({
        name: 'p',
        type,
        value: stringValue === undefined ? undefined : { stringValue },
      } as never);
    expect(param('BOOLEAN', 'TRUE')).toBe(true);
    expect(param('INTEGER', '7')).toBe(7);
    expect(param('DOUBLE', '1.5')).toBe(1.5);
    expect(param('BIGINT', '9007199254740993')).toBe(9007199254740993n);
    expect(param('TIMESTAMP', '2024-01-02T03:04:05.000Z')).toEqual(
      new Date('2024-01-02T03:04:05.000Z'),
    );
    expect(param('STRING', 'x')).toBe('x');
    expect(param(undefined)).toBeNull();
    expect(() => param('INTEGER', 'seven')).toThrow('INVALID_PARAMETER_VALUE');
    expect(() => param('BIGINT', '1.5')).toThrow('INVALID_PARAMETER_VALUE');
    expect(() => param('TIMESTAMP', 'soon')).toThrow('INVALID_PARAMETER_VALUE');
  });

  it('takes named parameters only', () => {
    expect(
      decodeSparkParameters([
        { name: 'a', type: 'STRING', value: { stringValue: 'x' } },
      ] as never),
    ).toEqual({ a: 'x' });
    expect(decodeSparkParameters(undefined)).toEqual({});
    expect(() =>
      decodeSparkParameters([
        { type: 'STRING', value: { stringValue: 'x' } },
      ] as never),
    ).toThrow('named parameters only');
  });
});

describe('result sets', () => {
  it('marks nulls bit by bit', () => {
    expect([...nullBitmap([1, null, 2, null, null, 3, 4, 5, null])]).toEqual([
      0b00011010, 0b00000001,
    ]);
  });

  it('puts each type in the column kind a Spark server uses', () => {
    expect(
      thriftColumn(TTypeId.BOOLEAN_TYPE, [true, null]).boolVal?.values,
    ).toEqual([true, false]);
    expect(thriftColumn(TTypeId.INT_TYPE, [3]).i32Val?.values).toEqual([3]);
    expect(thriftColumn(TTypeId.DOUBLE_TYPE, [1.5]).doubleVal?.values).toEqual([
      1.5,
    ]);
    expect(
      thriftColumn(TTypeId.TIMESTAMP_TYPE, ['2024-01-02T03:04:05.006Z'])
        .stringVal?.values,
    ).toEqual(['2024-01-02 03:04:05.006']);
    expect(
      thriftColumn(TTypeId.DECIMAL_TYPE, ['1.50']).stringVal?.values,
    ).toEqual(['1.50']);
    const bigints = thriftColumn(TTypeId.BIGINT_TYPE, [42n]).i64Val?.values;
    expect(bigints?.map(value => fromInt64(value))).toEqual([42]);
  });

  it('describes decimals with precision and scale', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      const { columns } = await lakehouse.queryWithColumns(
        "SELECT CAST(1 AS DECIMAL(18, 2)) AS amount, DATE '2024-01-01' AS d, [1] AS l, {a: 1} AS s",
      );
      const schema = resultSchema(columns);
      expect(
        schema.columns.map(c => [
          c.columnName,
          c.position,
          c.typeDesc.types[0].primitiveEntry?.type,
        ]),
      ).toEqual([
        ['amount', 1, TTypeId.DECIMAL_TYPE],
        ['d', 2, TTypeId.DATE_TYPE],
        ['l', 3, TTypeId.ARRAY_TYPE],
        ['s', 4, TTypeId.STRUCT_TYPE],
      ]);
      expect(
        schema.columns[0].typeDesc.types[0].primitiveEntry?.typeQualifiers
          ?.qualifiers,
      ).toEqual({ precision: { i32Value: 18 }, scale: { i32Value: 2 } });
    } finally {
      await lakehouse.close();
    }
  });

  it('converts i64 both ways', () => {
    expect(fromInt64(toInt64(-5n))).toBe(-5);
    expect(fromInt64(undefined)).toBeUndefined();
    expect(fromInt64(3)).toBe(3);
  });
});

describe('statement failures', () => {
  it('names the Databricks error class and SQLSTATE of a DuckDB error', () => {
    expect(
      toStatementFailure(new Error('Parser Error: syntax error at "FORM"')),
    ).toEqual({
      message: '[PARSE_SYNTAX_ERROR] Parser Error: syntax error at "FORM"',
      sqlState: '42601',
    });
    expect(toStatementFailure('boom')).toEqual({
      message: '[INTERNAL_ERROR] boom',
      sqlState: 'XX000',
    });
    expect(
      toStatementFailure(
        Object.assign(new Error('bad'), { sqlState: '22023' }),
      ),
    ).toEqual({ message: 'bad', sqlState: '22023' });
  });
});
