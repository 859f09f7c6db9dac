/* eslint-disable no-console */
// Ingest time of the entity provider's own work for 5,000 projects and
// 50,000 Azure resources: reading silver from DuckDB and mapping to
// validated entities. The catalog's processing loop comes after this and is
// not measured here.
import {
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  azureResources,
  DuckDbLakehouse,
  notionProjects,
  notionPrograms,
} from '@finance-ppm/plugin-control-room-node';
import { readCatalogModuleConfig } from '../src/config';
import { mapPortfolioToEntities } from '../src/mapping/mapPortfolioToEntities';
import { readPortfolioSnapshot } from '../src/provider/readPortfolioSnapshot';

const PROGRAMS = 50;
const PROJECTS = 5_000;
const RESOURCES = 50_000;

const uuid = (kind: number, n: number) =>
  `00000000-0000-4000-8000-${(kind * 1e7 + n).toString(16).padStart(12, '0')}`;

async function main() {
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  for (const table of [notionPrograms, notionProjects, azureResources]) {
    await lakehouse.execute(lakehouse.dialect.createSchema(table.schema));
    await lakehouse.execute(lakehouse.dialect.createTable(table));
  }
  await lakehouse.upsert(
    notionPrograms,
    Array.from({ length: PROGRAMS }, (_, i) => ({
      program_id: uuid(1, i),
      name: `Program ${i}`,
    })),
  );
  await lakehouse.upsert(
    notionProjects,
    Array.from({ length: PROJECTS }, (_, i) => ({
      project_id: uuid(2, i),
      program_id: uuid(1, i % PROGRAMS),
      // Every tenth name repeats, so collision handling is exercised.
      name: `Project ${i % 10 === 0 ? 'Shared' : i}`,
      status: 'Active',
    })),
  );
  await lakehouse.upsert(
    azureResources,
    Array.from({ length: RESOURCES }, (_, i) => ({
      resource_id: `/subscriptions/s/resourceGroups/rg-${
        i % 200
      }/providers/Microsoft.Compute/virtualMachines/vm-${i}`,
      name: `vm-${i}`,
      type: 'microsoft.compute/virtualmachines',
      project_id: uuid(2, i % PROJECTS),
    })),
  );

  const mapping = readCatalogModuleConfig(new ConfigReader({})).mapping;
  const t0 = performance.now();
  const snapshot = await readPortfolioSnapshot(lakehouse);
  const t1 = performance.now();
  const entities = mapPortfolioToEntities(snapshot, mapping);
  const t2 = performance.now();
  const validators = [
    systemEntityV1alpha1Validator,
    componentEntityV1alpha1Validator,
    resourceEntityV1alpha1Validator,
  ];
  for (const entity of entities) {
    const ok = await Promise.all(validators.map(v => v.check(entity)));
    if (!ok.includes(true)) throw new Error(`invalid ${entity.metadata.name}`);
  }
  const t3 = performance.now();
  await lakehouse.close();

  console.log('\nCatalog provider ingest (5,000 projects, 50,000 resources)\n');
  console.log('| step | ms |');
  console.log('| --- | ---: |');
  console.log(`| read silver (DuckDB) | ${(t1 - t0).toFixed(0)} |`);
  console.log(`| map ${entities.length} entities | ${(t2 - t1).toFixed(0)} |`);
  console.log(`| validate entities | ${(t3 - t2).toFixed(0)} |`);
  console.log(`| total | ${(t3 - t0).toFixed(0)} |`);
  console.log(
    `| peak RSS (MiB) | ${(process.resourceUsage().maxRSS / 1024).toFixed(
      0,
    )} |`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
