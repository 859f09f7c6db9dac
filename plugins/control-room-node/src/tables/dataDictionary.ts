import { TableDeclaration } from '../lakehouse/types';
import { qualifiedTableName } from './index';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * Renders docs/data-dictionary.md from the table declarations, so the
 * dictionary cannot drift from the schema.
 */
export function renderDataDictionary(tables: TableDeclaration[]): string {
  const lines = [
    '# Data dictionary',
    '',
    'Generated from the table declarations in',
    '`plugins/control-room-node/src/tables/`; run `yarn docs:data-dictionary`',
    'after changing them. Types are the engine-neutral logical types; each',
    'engine renders its own DDL from them.',
    '',
  ];
  for (const schema of ['bronze', 'silver', 'gold'] as const) {
    lines.push(`## ${schema}`, '');
    for (const table of tables.filter(t => t.schema === schema)) {
      lines.push(
        `### \`${qualifiedTableName(table)}\``,
        '',
        table.description,
        '',
      );
      lines.push(`Key: ${table.primaryKey.map(k => `\`${k}\``).join(', ')}.`);
      if (table.partitionBy?.length) {
        lines.push(
          `Partitioned by ${table.partitionBy
            .map(k => `\`${k}\``)
            .join(', ')} on Delta.`,
        );
      }
      if (table.clusterBy?.length) {
        lines.push(
          `Clustered by ${table.clusterBy
            .map(k => `\`${k}\``)
            .join(
              ', ',
            )} (liquid clustering on Delta, rewritten in order on DuckDB).`,
        );
      }
      lines.push(
        '',
        '| column | type | null | default | meaning |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const col of table.columns) {
        const nullable =
          col.nullable === false || table.primaryKey.includes(col.name)
            ? 'no'
            : 'yes';
        lines.push(
          `| \`${col.name}\` | ${col.type} | ${nullable} | ${
            col.defaultSql ? `\`${escapeCell(col.defaultSql)}\`` : ''
          } | ${escapeCell(col.description)} |`,
        );
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}
