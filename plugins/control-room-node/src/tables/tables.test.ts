import fs from 'node:fs';
import path from 'node:path';
import { renderDataDictionary } from './dataDictionary';
import { lakehouseTables, qualifiedTableName } from './index';

const dictionaryPath = path.resolve(
  __dirname,
  '../../../../docs/data-dictionary.md',
);

describe('table declarations', () => {
  it('declares every table the plan names', () => {
    const names = lakehouseTables.map(qualifiedTableName);
    expect(names).toEqual(
      expect.arrayContaining([
        'bronze.notion_raw_pages',
        'bronze.azure_rg_raw',
        'silver.notion_programs',
        'silver.notion_projects',
        'silver.notion_budget_lines',
        'silver.notion_risks',
        'silver.notion_actions',
        'silver.azure_advisor_recommendations',
        'gold.ppm_budget_vs_actual',
        'gold.ppm_forecast',
        'gold.ppm_project_health',
        'gold.azure_advisor_recs',
        'gold.control_room_status',
        'gold.data_quality_metrics',
        'bronze.sync_watermarks',
        'bronze.job_runs',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(lakehouseTables.map(t => [qualifiedTableName(t), t] as const))(
    '%s has unique columns and declares its key, partition and clustering columns',
    (_name, table) => {
      const columns = table.columns.map(c => c.name);
      expect(new Set(columns).size).toBe(columns.length);
      expect(table.primaryKey.length).toBeGreaterThan(0);
      for (const key of [
        ...table.primaryKey,
        ...(table.partitionBy ?? []),
        ...(table.clusterBy ?? []),
      ]) {
        expect(columns).toContain(key);
      }
      // Delta refuses a table both partitioned and clustered.
      expect(
        Boolean(table.partitionBy?.length && table.clusterBy?.length),
      ).toBe(false);
      for (const c of table.columns) {
        expect(c.name).toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(c.description.length).toBeGreaterThan(0);
      }
    },
  );

  it('keeps the plan columns of the plan tables', () => {
    const columnsOf = (name: string) =>
      lakehouseTables
        .find(t => qualifiedTableName(t) === name)!
        .columns.map(c => c.name);
    expect(columnsOf('bronze.notion_raw_pages')).toEqual(
      expect.arrayContaining([
        'page_id',
        'database_id',
        'database_name',
        'last_edited_time',
        'properties',
        'raw_payload',
        'synced_at',
        '_ingestion_timestamp',
      ]),
    );
    expect(columnsOf('gold.control_room_status')).toEqual(
      expect.arrayContaining([
        'job_id',
        'job_name',
        'last_run_id',
        'last_run_status',
        'last_run_time',
        'last_run_duration_seconds',
        'next_run_time',
        'error_message',
        'updated_at',
      ]),
    );
  });
});

describe('docs/data-dictionary.md', () => {
  it('matches the declarations (run `yarn docs:data-dictionary` to regenerate)', () => {
    const expected = renderDataDictionary(lakehouseTables);
    if (process.env.UPDATE_DATA_DICTIONARY) {
      fs.writeFileSync(dictionaryPath, expected);
    }
    expect(fs.readFileSync(dictionaryPath, 'utf8')).toBe(expected);
  });
});
