import { TableDeclaration } from '@finance-ppm/plugin-control-room-node';

/** Which end of a date range a column takes. */
export type DatePart = 'start' | 'end';

/** A mapped Notion property, and the end of its range when one is named. */
export interface PropertyReference {
  property: string;
  part?: DatePart;
}

const PART_SUFFIX = /^(.+)\.(start|end)$/;

/**
 * Reads one configured property reference: `Timeline` or `Timeline.start`
 * / `Timeline.end`. A property whose own name ends in `.start` or `.end`
 * is taken whole when it exists, so such names keep working.
 */
export function parsePropertyReference(
  reference: string,
  exists: (property: string) => boolean,
): PropertyReference {
  const match = PART_SUFFIX.exec(reference);
  if (!match || exists(reference)) return { property: reference };
  return { property: match[1], part: match[2] as DatePart };
}

/**
 * Every mapped column's property reference for one database, with the range
 * rule applied: when two date or timestamp columns name the same property
 * without a part, the earlier column in the table takes the range's start
 * and the later one its end (`start_date` and `end_date` both mapped to
 * `Timeline`). A single column naming a property takes its start.
 */
export function resolveColumnReferences(
  table: TableDeclaration,
  properties: Record<string, string>,
  exists: (property: string) => boolean,
): Map<string, PropertyReference> {
  const resolved = new Map<string, PropertyReference>();
  const plainDateColumns = new Map<string, string[]>();
  for (const column of table.columns) {
    const reference = properties[column.name];
    if (reference === undefined) continue;
    const parsed = parsePropertyReference(reference, exists);
    resolved.set(column.name, parsed);
    const isDate = column.type === 'date' || column.type === 'timestamp';
    if (isDate && !parsed.part) {
      const columns = plainDateColumns.get(parsed.property) ?? [];
      columns.push(column.name);
      plainDateColumns.set(parsed.property, columns);
    }
  }
  for (const [property, columns] of plainDateColumns) {
    if (columns.length < 2) continue;
    columns.forEach((column, index) =>
      resolved.set(column, { property, part: index === 0 ? 'start' : 'end' }),
    );
  }
  return resolved;
}
