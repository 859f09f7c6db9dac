/**
 * What the warehouse emulator adds to the project's Spark SQL -> DuckDB
 * layer (the Spark macros and `:name` parameters of the DuckDB engine): the
 * Delta DDL and Spark lexical rules that only the Databricks engine sends.
 * Pure text rewriting; everything else reaches DuckDB unchanged.
 */

type Segment =
  | { kind: 'code'; text: string }
  /** A string literal, unescaped. */
  | { kind: 'string'; value: string };

const SPARK_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
};

/**
 * Splits Spark SQL into code and string literals. Spark literals use
 * backslash escapes (`'it\'s'`); DuckDB's double the quote instead.
 */
export function splitSparkSql(sql: string): Segment[] {
  const segments: Segment[] = [];
  let code = '';
  let index = 0;
  while (index < sql.length) {
    const char = sql[index];
    if (char === '-' && sql[index + 1] === '-') {
      const end = sql.indexOf('\n', index);
      const stop = end === -1 ? sql.length : end;
      code += sql.slice(index, stop);
      index = stop;
      continue;
    }
    if (char === '`') {
      const end = sql.indexOf('`', index + 1);
      if (end === -1) {
        throw new Error('Unterminated quoted identifier');
      }
      code += `"${sql.slice(index + 1, end)}"`;
      index = end + 1;
      continue;
    }
    if (char !== "'") {
      code += char;
      index += 1;
      continue;
    }
    let value = '';
    index += 1;
    for (;;) {
      if (index >= sql.length) {
        throw new Error('Unterminated string literal');
      }
      const current = sql[index];
      if (current === '\\' && index + 1 < sql.length) {
        const next = sql[index + 1];
        value += SPARK_ESCAPES[next] ?? next;
        index += 2;
      } else if (current === "'") {
        index += 1;
        break;
      } else {
        value += current;
        index += 1;
      }
    }
    if (code) segments.push({ kind: 'code', text: code });
    code = '';
    segments.push({ kind: 'string', value });
  }
  if (code) segments.push({ kind: 'code', text: code });
  return segments;
}

const SPARK_TYPE_NAMES: Array<[RegExp, string]> = [
  [/\bMAP\s*<\s*STRING\s*,\s*STRING\s*>/gi, 'MAP(VARCHAR, VARCHAR)'],
  [/\bSTRING\b/gi, 'VARCHAR'],
];

function renderDuckDbType(sparkType: string): string {
  return SPARK_TYPE_NAMES.reduce(
    (text, [pattern, duckType]) => text.replace(pattern, duckType),
    sparkType,
  );
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function codeAt(segments: Segment[], index: number): string | undefined {
  const segment = segments[index];
  return segment?.kind === 'code' ? segment.text : undefined;
}

/**
 * Delta DDL clauses DuckDB has no use for: `COMMENT '...'` on columns and
 * tables, `USING DELTA`, `PARTITIONED BY (...)`, `CLUSTER BY (...)` (liquid
 * clustering) and `TBLPROPERTIES (...)`.
 */
function dropDeltaClauses(segments: Segment[]): Segment[] {
  const kept: Segment[] = [];
  let inProperties = false;
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index];
    if (segment.kind === 'string') {
      if (!inProperties) kept.push(segment);
      continue;
    }
    let text = segment.text;
    if (inProperties) {
      const close = text.indexOf(')');
      if (close === -1) continue;
      text = text.slice(close + 1);
      inProperties = false;
    }
    const properties = /\bTBLPROPERTIES\s*\(/i.exec(text);
    if (properties) {
      const rest = text.slice(properties.index + properties[0].length);
      const close = rest.indexOf(')');
      if (close === -1) {
        inProperties = true;
        text = text.slice(0, properties.index);
      } else {
        text = text.slice(0, properties.index) + rest.slice(close + 1);
      }
    }
    text = text
      .replace(/\bUSING\s+DELTA\b/gi, '')
      .replace(/\bPARTITIONED\s+BY\s*\([^)]*\)/gi, '')
      .replace(/\bCLUSTER\s+BY\s*\([^)]*\)/gi, '');
    if (/\bCOMMENT\s*$/i.test(text) && segments[index + 1]?.kind === 'string') {
      text = text.replace(/\bCOMMENT\s*$/i, '');
      index += 1;
    }
    kept.push({ kind: 'code', text });
  }
  return kept;
}

/**
 * `from_json(x, 'MAP<STRING,STRING>')`, which the Databricks engine's MERGE
 * uses to load map columns, as a DuckDB cast of the JSON text.
 */
function rewriteFromJsonMaps(segments: Segment[]): Segment[] {
  const result: Segment[] = [];
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index];
    const next = segments[index + 1];
    const after = codeAt(segments, index + 2);
    const code = segment.kind === 'code' ? segment.text : '';
    const call = /\bfrom_json\s*\(\s*([A-Za-z_][\w.]*)\s*,\s*$/i.exec(code);
    if (
      call &&
      next?.kind === 'string' &&
      /^MAP\s*<\s*STRING\s*,\s*STRING\s*>$/i.test(next.value) &&
      after !== undefined &&
      /^\s*\)/.test(after)
    ) {
      const before = code.slice(0, call.index);
      result.push({
        kind: 'code',
        text: `${before}CAST(CAST(${
          call[1]
        } AS JSON) AS MAP(VARCHAR, VARCHAR))${after.replace(/^\s*\)/, '')}`,
      });
      index += 2;
      continue;
    }
    result.push(segment);
  }
  return result;
}

/**
 * `UPDATE SET t.col = ...` in a MERGE: Spark accepts the target alias on
 * the assigned column, DuckDB wants the bare column.
 */
function unqualifyMergeAssignments(code: string): string {
  return code.replace(/\bUPDATE\s+SET\b[\s\S]*?(?=\bWHEN\b|$)/gi, assignments =>
    assignments.replace(
      /(^|SET\s+|,\s*)[A-Za-z_]\w*\.([A-Za-z_]\w*)(\s*=)/gi,
      '$1$2$3',
    ),
  );
}

/** Spark SQL as sent by the Databricks engine, in the DuckDB layer's SQL. */
export function sparkToDuckDbSql(sql: string): string {
  const segments = rewriteFromJsonMaps(dropDeltaClauses(splitSparkSql(sql)));
  return segments
    .map(segment =>
      segment.kind === 'string'
        ? quoteLiteral(segment.value)
        : unqualifyMergeAssignments(renderDuckDbType(segment.text)),
    )
    .join('');
}

const READ_KEYWORDS = new Set([
  'SELECT',
  'WITH',
  'VALUES',
  'FROM',
  'SHOW',
  'DESCRIBE',
  'EXPLAIN',
  'TABLE',
]);

/** Whether a statement only reads, so it may run beside a write. */
export function isReadStatement(sql: string): boolean {
  const withoutComments = sql.replace(/--[^\n]*/g, ' ').trimStart();
  const keyword = /^\(*\s*([A-Za-z]+)/.exec(withoutComments)?.[1];
  return keyword !== undefined && READ_KEYWORDS.has(keyword.toUpperCase());
}
