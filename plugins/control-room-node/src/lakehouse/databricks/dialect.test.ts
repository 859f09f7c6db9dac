import { notionBudgetLines } from '../../tables';
import { TableDeclaration } from '../types';
import {
  databricksDialect,
  setColumnDefault,
  sparkColumnType,
  sqlStringLiteral,
} from './dialect';

const notionRawPages: TableDeclaration = {
  schema: 'bronze',
  name: 'notion_raw_pages',
  description: 'Raw Notion pages',
  primaryKey: ['page_id'],
  partitionBy: ['database_name'],
  properties: {
    'delta.autoOptimize.optimizeWrite': 'true',
    'delta.autoOptimize.autoCompact': 'true',
  },
  columns: [
    { name: 'page_id', type: 'string', description: 'Page id' },
    {
      name: 'database_id',
      type: 'string',
      nullable: false,
      description: 'Data source id',
    },
    { name: 'database_name', type: 'string', description: 'Data source' },
    {
      name: 'last_edited_time',
      type: 'timestamp',
      nullable: false,
      description: 'Last edit',
    },
    {
      name: 'properties',
      type: 'map<string,string>',
      description: 'Flattened properties',
    },
    { name: 'raw_payload', type: 'json', description: "The page's JSON" },
    {
      name: '_ingestion_timestamp',
      type: 'timestamp',
      defaultSql: 'current_timestamp()',
      description: 'Load time',
    },
  ],
};

describe('sparkColumnType', () => {
  it.each([
    ['string', 'STRING'],
    ['boolean', 'BOOLEAN'],
    ['int', 'INT'],
    ['bigint', 'BIGINT'],
    ['double', 'DOUBLE'],
    ['decimal(18,2)', 'DECIMAL(18, 2)'],
    ['date', 'DATE'],
    ['timestamp', 'TIMESTAMP'],
    ['json', 'STRING'],
    ['map<string,string>', 'MAP<STRING, STRING>'],
  ] as const)('maps %s to %s', (logical, spark) => {
    expect(sparkColumnType(logical)).toBe(spark);
    expect(databricksDialect.columnType(logical)).toBe(spark);
  });

  it('rejects an unknown type', () => {
    expect(() => sparkColumnType('uuid' as never)).toThrow(
      "No Delta type for logical type 'uuid'",
    );
  });
});

describe('databricksDialect', () => {
  it('renders CREATE SCHEMA IF NOT EXISTS', () => {
    expect(databricksDialect.createSchema('silver')).toBe(
      'CREATE SCHEMA IF NOT EXISTS silver',
    );
  });

  it('renders the bronze table with partitioning, properties and the defaults feature', () => {
    expect(databricksDialect.createTable(notionRawPages)).toBe(
      [
        'CREATE TABLE IF NOT EXISTS bronze.notion_raw_pages (',
        "  page_id STRING NOT NULL COMMENT 'Page id',",
        "  database_id STRING NOT NULL COMMENT 'Data source id',",
        "  database_name STRING COMMENT 'Data source',",
        "  last_edited_time TIMESTAMP NOT NULL COMMENT 'Last edit',",
        "  properties MAP<STRING, STRING> COMMENT 'Flattened properties',",
        "  raw_payload STRING COMMENT 'The page\\'s JSON',",
        "  _ingestion_timestamp TIMESTAMP DEFAULT current_timestamp() COMMENT 'Load time'",
        ')',
        'USING DELTA',
        'PARTITIONED BY (database_name)',
        "COMMENT 'Raw Notion pages'",
        "TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported', 'delta.autoOptimize.optimizeWrite' = 'true', 'delta.autoOptimize.autoCompact' = 'true')",
      ].join('\n'),
    );
  });

  it('leaves out PARTITIONED BY and TBLPROPERTIES when nothing needs them', () => {
    const table: TableDeclaration = {
      schema: 'gold',
      name: 'kpis',
      description: 'KPIs',
      primaryKey: ['kpi', 'day'],
      columns: [
        { name: 'kpi', type: 'string', description: 'Name' },
        { name: 'day', type: 'date', description: 'Day' },
        { name: 'value', type: 'decimal(18,2)', description: 'Value' },
      ],
    };
    expect(databricksDialect.createTable(table)).toBe(
      [
        'CREATE TABLE IF NOT EXISTS gold.kpis (',
        "  kpi STRING NOT NULL COMMENT 'Name',",
        "  day DATE NOT NULL COMMENT 'Day',",
        "  value DECIMAL(18, 2) COMMENT 'Value'",
        ')',
        'USING DELTA',
        "COMMENT 'KPIs'",
      ].join('\n'),
    );
  });

  it('renders the declared clustering as liquid clustering', () => {
    expect(databricksDialect.createTable(notionBudgetLines)).toContain(
      "USING DELTA\nCLUSTER BY (project_id)\nCOMMENT 'Monthly budget lines",
    );
    expect(() =>
      databricksDialect.createTable({
        ...notionRawPages,
        clusterBy: ['page_id'],
      }),
    ).toThrow(/partitionBy or clusterBy, not both/);
  });

  it('keeps a declared value for the defaults feature', () => {
    const table: TableDeclaration = {
      ...notionRawPages,
      partitionBy: undefined,
      properties: { 'delta.feature.allowColumnDefaults': 'enabled' },
    };
    expect(databricksDialect.createTable(table)).toContain(
      "TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'enabled')",
    );
  });

  it('rejects a key that is not a declared column', () => {
    expect(() =>
      databricksDialect.createTable({ ...notionRawPages, primaryKey: ['id'] }),
    ).toThrow("primary key column 'id' is not declared");
  });

  it('rejects names that are not plain identifiers', () => {
    expect(() =>
      databricksDialect.createTable({
        ...notionRawPages,
        name: 'pages; DROP TABLE x',
      }),
    ).toThrow("Invalid table name 'pages; DROP TABLE x'");
  });

  it('renders ADD COLUMN without NOT NULL or DEFAULT, which Delta refuses there', () => {
    expect(
      databricksDialect.addColumn(notionRawPages, {
        name: 'archived',
        type: 'boolean',
        nullable: false,
        defaultSql: 'false',
        description: 'Archived in Notion',
      }),
    ).toBe(
      "ALTER TABLE bronze.notion_raw_pages ADD COLUMN archived BOOLEAN COMMENT 'Archived in Notion'",
    );
  });
});

describe('setColumnDefault', () => {
  it('renders SET DEFAULT for a column with a default', () => {
    expect(
      setColumnDefault(notionRawPages, {
        name: 'archived',
        type: 'boolean',
        defaultSql: 'false',
        description: 'Archived',
      }),
    ).toBe(
      'ALTER TABLE bronze.notion_raw_pages ALTER COLUMN archived SET DEFAULT false',
    );
  });

  it('returns nothing for a column without one', () => {
    expect(
      setColumnDefault(notionRawPages, {
        name: 'archived',
        type: 'boolean',
        description: 'Archived',
      }),
    ).toBeUndefined();
  });
});

describe('sqlStringLiteral', () => {
  it('escapes quotes and backslashes', () => {
    expect(sqlStringLiteral("it's a \\ path")).toBe("'it\\'s a \\\\ path'");
  });
});
