import { InputError } from '@backstage/errors';
import { LogicalType, SqlRow } from '@finance-ppm/plugin-control-room-node';
import { NotionDatabaseSettings } from './config';
import { resolveColumnReferences } from './propertyReferences';
import { SILVER_TARGETS } from './silverMapping';

/** A data source's properties by name, as `GET /v1/data_sources/{id}` lists them. */
export type DataSourceProperties = Record<string, { type: string }>;

/** Computed properties: their result type is only known per page. */
const COMPUTED = ['formula', 'rollup'];
const DATES = ['date', 'created_time', 'last_edited_time', ...COMPUTED];
const NUMBERS = ['number', 'rich_text', 'title', 'unique_id', ...COMPUTED];

/** Property types that can fill a column of each logical type. */
const FITTING_TYPES: Partial<Record<LogicalType, string[]>> = {
  date: [...DATES, 'rich_text'],
  timestamp: [...DATES, 'rich_text'],
  'decimal(18,2)': NUMBERS,
  double: NUMBERS,
  int: NUMBERS,
  bigint: NUMBERS,
  boolean: ['checkbox', ...COMPUTED],
};

/** One configured property its data source cannot serve. */
export interface MappingProblem {
  database: string;
  column: string;
  property: string;
  message: string;
}

function listProperties(properties: DataSourceProperties): string {
  const names = Object.entries(properties)
    .map(([name, { type }]) => `${name} (${type})`)
    .sort();
  return names.length > 0 ? names.join(', ') : 'none';
}

/**
 * Checks one database's mapping against its data source's schema: every
 * configured property must exist, and its type must be able to fill its
 * column (a `.start`/`.end` part needs a date). Pure.
 */
export function checkMappingAgainstSchema(
  database: NotionDatabaseSettings,
  properties: DataSourceProperties,
): MappingProblem[] {
  const table = SILVER_TARGETS[database.name].table;
  const references = resolveColumnReferences(
    table,
    database.properties,
    name => name in properties,
  );
  const existing = listProperties(properties);
  const problems: MappingProblem[] = [];
  for (const [columnName, reference] of references) {
    const column = table.columns.find(c => c.name === columnName)!;
    const configured = database.properties[columnName];
    const where = `Notion database ${database.name}: column ${columnName} is mapped to property "${configured}"`;
    const property = properties[reference.property];
    if (!property) {
      problems.push({
        database: database.name,
        column: columnName,
        property: configured,
        message: `${where}, which the data source does not have. Existing properties: ${existing}.`,
      });
      continue;
    }
    const fitting = reference.part ? DATES : FITTING_TYPES[column.type];
    if (fitting && !fitting.includes(property.type)) {
      const needs = reference.part
        ? `a date range (for .${reference.part})`
        : `a ${column.type} column`;
      problems.push({
        database: database.name,
        column: columnName,
        property: configured,
        message: `${where}, whose type ${
          property.type
        } cannot fill ${needs}; use a property of type ${fitting.join(
          ', ',
        )}. Existing properties: ${existing}.`,
      });
    }
  }
  return problems;
}

/** All problems of one database as one error, one line each. */
export class NotionMappingError extends InputError {
  constructor(readonly problems: MappingProblem[]) {
    super(problems.map(problem => problem.message).join('\n'));
  }
}

/** Problems as rows of silver.notion_mapping_errors. */
export function mappingErrorRows(
  problems: MappingProblem[],
  checkedAt: string,
): SqlRow[] {
  return problems.map(problem => ({
    database_name: problem.database,
    silver_column: problem.column,
    property: problem.property,
    message: problem.message,
    checked_at: checkedAt,
  }));
}
