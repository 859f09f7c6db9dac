import { InputError } from '@backstage/errors';
import { LakehouseSchema } from '@finance-ppm/plugin-control-room-node';

const LAYERS: readonly LakehouseSchema[] = ['bronze', 'silver', 'gold'];

/**
 * One SQL model: a file `<layer>/<table>.sql` whose statements rebuild the
 * table `<layer>.<table>`.
 */
export interface SqlModel {
  /** The table the model materialises, e.g. `gold.ppm_forecast`. */
  name: string;
  layer: LakehouseSchema;
  /** Path of the file relative to the models directory, for messages. */
  relativePath: string;
  /** The statements in file order, without their terminating `;`. */
  statements: string[];
  /** `layer.table` names the model reads or writes, other than its own. */
  dependsOn: string[];
}

type SegmentKind = 'code' | 'string' | 'quoted' | 'comment';

/** A run of SQL text that is all of one kind. */
interface SqlSegment {
  kind: SegmentKind;
  text: string;
}

function lineOf(sql: string, offset: number): number {
  return sql.slice(0, offset).split('\n').length;
}

/** Index just past the closing `quote`, honouring backslash escapes. */
function endOfQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    // Spark reads backslash escapes in string literals; backticks have none.
    if (ch === '\\' && quote !== '`') {
      i += 2;
    } else if (ch === quote) {
      return i + 1;
    } else {
      i += 1;
    }
  }
  return -1;
}

/**
 * Splits SQL text into code, string literals, quoted identifiers and
 * comments, so `;` and table names are only looked for in code.
 */
function scanSql(sql: string, source: string): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let codeStart = 0;
  let i = 0;
  const pushCode = (end: number) => {
    if (end > codeStart) {
      segments.push({ kind: 'code', text: sql.slice(codeStart, end) });
    }
  };
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    let end: number;
    let kind: SegmentKind;
    if (ch === '-' && next === '-') {
      const newline = sql.indexOf('\n', i);
      end = newline === -1 ? sql.length : newline;
      kind = 'comment';
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) {
        throw new InputError(
          `${source}: unterminated comment starting on line ${lineOf(sql, i)}`,
        );
      }
      end = close + 2;
      kind = 'comment';
    } else if (ch === "'" || ch === '"' || ch === '`') {
      end = endOfQuoted(sql, i, ch);
      if (end === -1) {
        const what = ch === '`' ? 'quoted identifier' : 'string literal';
        throw new InputError(
          `${source}: unterminated ${what} starting on line ${lineOf(sql, i)}`,
        );
      }
      kind = ch === '`' ? 'quoted' : 'string';
    } else {
      i += 1;
      continue;
    }
    pushCode(i);
    segments.push({ kind, text: sql.slice(i, end) });
    i = end;
    codeStart = end;
  }
  pushCode(sql.length);
  return segments;
}

/**
 * The statements of a SQL script: split on `;` outside string literals,
 * quoted identifiers and comments, trimmed, and without statements that hold
 * only comments.
 */
export function splitSqlStatements(sql: string, source = 'SQL'): string[] {
  // The segments of each statement; a `;` in code starts the next one.
  const statements: SqlSegment[][] = [[]];
  for (const segment of scanSql(sql, source)) {
    if (segment.kind !== 'code') {
      statements[statements.length - 1].push(segment);
      continue;
    }
    for (const [index, text] of segment.text.split(';').entries()) {
      if (index > 0) {
        statements.push([]);
      }
      statements[statements.length - 1].push({ kind: 'code', text });
    }
  }
  return statements
    .filter(parts =>
      parts.some(part => part.kind !== 'comment' && part.text.trim() !== ''),
    )
    .map(parts =>
      parts
        .map(part => part.text)
        .join('')
        .trim(),
    );
}

/**
 * `layer.table` names in the code of a script, lower-cased, first seen first.
 * A table alias named bronze, silver or gold would read as a layer, so
 * models never use those as aliases.
 */
export function referencedTables(sql: string, source = 'SQL'): string[] {
  const code = scanSql(sql, source)
    .map(segment => (segment.kind === 'code' ? segment.text : ' '))
    .join('');
  const names = new Set<string>();
  for (const match of code.matchAll(
    /\b(bronze|silver|gold)\s*\.\s*([a-z_][a-z0-9_]*)\b/gi,
  )) {
    names.add(`${match[1]}.${match[2]}`.toLowerCase());
  }
  return [...names];
}

/**
 * The code of a script with its comments dropped and each `layer.table`
 * reference for which `replace` returns text swapped for that text; string
 * literals and quoted identifiers stay as they are. `replace` also gets the
 * code that follows the reference (to see whether an alias follows).
 */
export function rewriteTableReferences(
  sql: string,
  replace: (table: string, following: string) => string | undefined,
  source = 'SQL',
): string {
  return scanSql(sql, source)
    .map(segment => {
      if (segment.kind === 'comment') {
        return ' ';
      }
      if (segment.kind !== 'code') {
        return segment.text;
      }
      return segment.text.replace(
        /\b(bronze|silver|gold)\s*\.\s*([a-z_][a-z0-9_]*)\b/gi,
        (whole, layer: string, table: string, at: number, text: string) =>
          replace(
            `${layer}.${table}`.toLowerCase(),
            text.slice(at + whole.length),
          ) ?? whole,
      );
    })
    .join('');
}

/**
 * Reads a model file's path and text: the path names the table
 * (`gold/ppm_forecast.sql` materialises `gold.ppm_forecast`).
 */
export function parseModelFile(
  relativePath: string,
  sqlText: string,
): SqlModel {
  const match = /^(?:\.\/)?([a-z]+)[\\/]([a-z_][a-z0-9_]*)\.sql$/.exec(
    relativePath,
  );
  if (!match || !LAYERS.includes(match[1] as LakehouseSchema)) {
    throw new InputError(
      `Model file '${relativePath}' is not named <layer>/<table>.sql with layer one of ${LAYERS.join(
        ', ',
      )} and a lower-case table name`,
    );
  }
  const layer = match[1] as LakehouseSchema;
  const name = `${layer}.${match[2]}`;
  const statements = splitSqlStatements(sqlText, relativePath);
  if (statements.length === 0) {
    throw new InputError(`Model file '${relativePath}' has no statements`);
  }
  return {
    name,
    layer,
    relativePath,
    statements,
    dependsOn: referencedTables(sqlText, relativePath).filter(
      table => table !== name,
    ),
  };
}

/**
 * The models in an order where each comes after the models it reads; ties
 * keep the input order. Throws when models read each other in a cycle, or
 * when a model reads a table that is neither declared nor another model.
 */
export function orderModels(
  models: readonly SqlModel[],
  knownTables: Iterable<string>,
): SqlModel[] {
  const byName = new Map<string, SqlModel>();
  for (const model of models) {
    if (byName.has(model.name)) {
      throw new InputError(`Two model files materialise ${model.name}`);
    }
    byName.set(model.name, model);
  }
  const declared = new Set(knownTables);
  for (const model of models) {
    for (const dependency of model.dependsOn) {
      if (!byName.has(dependency) && !declared.has(dependency)) {
        throw new InputError(
          `Model ${model.name} reads ${dependency}, which is neither a declared table nor a model`,
        );
      }
    }
  }

  const ordered: SqlModel[] = [];
  const done = new Set<string>();
  // The path of models being visited; a model met again on it closes a cycle.
  const path: string[] = [];
  const visit = (model: SqlModel) => {
    if (done.has(model.name)) {
      return;
    }
    const seenAt = path.indexOf(model.name);
    if (seenAt !== -1) {
      const cycle = [...path.slice(seenAt), model.name].join(' -> ');
      throw new InputError(`Models read each other in a cycle: ${cycle}`);
    }
    path.push(model.name);
    for (const dependency of model.dependsOn) {
      const upstream = byName.get(dependency);
      if (upstream) {
        visit(upstream);
      }
    }
    path.pop();
    done.add(model.name);
    ordered.push(model);
  };
  models.forEach(visit);
  return ordered;
}
