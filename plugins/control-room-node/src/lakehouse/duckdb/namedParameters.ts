import { InputError } from '@backstage/errors';
import { SqlParams } from '../types';

/** SQL text rewritten for DuckDB, and the parameters it refers to. */
export interface RewrittenSql {
  /** The text with every `:name` turned into DuckDB's `$name`. */
  sql: string;
  /** Parameter names in order of first use, each once. */
  names: string[];
  /** Tables an `INSERT OVERWRITE` replaces; run the text in one transaction. */
  overwrites: string[];
  /**
   * False when the text is certainly one statement: no `;` outside quotes
   * and comments, and no `INSERT OVERWRITE` (which becomes two).
   */
  mayHoldSeveralStatements: boolean;
}

const IDENTIFIER_START = /[A-Za-z_]/;
/** Spark's `INSERT OVERWRITE [TABLE] name`, at the current position. */
const INSERT_OVERWRITE =
  /INSERT\s+OVERWRITE\s+(?:TABLE\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)/iy;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

/** Index just past a quoted run that opened at `start` and closes on `quote`. */
function endOfQuoted(
  sql: string,
  start: number,
  quote: string,
  backslashEscapes: boolean,
): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      // A doubled quote is an escaped quote, not the end.
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

function endOfLineComment(sql: string, start: number): number {
  const newline = sql.indexOf('\n', start);
  return newline === -1 ? sql.length : newline;
}

function endOfBlockComment(sql: string, start: number): number {
  const close = sql.indexOf('*/', start + 2);
  return close === -1 ? sql.length : close + 2;
}

/** `$tag$ ... $tag$` (DuckDB dollar quoting), or -1 when `$` starts none. */
function endOfDollarQuoted(sql: string, start: number): number {
  const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start));
  if (!tag) {
    return -1;
  }
  const close = sql.indexOf(tag[0], start + tag[0].length);
  return close === -1 ? sql.length : close + tag[0].length;
}

/** True when a `'` at `index` opens an `E'...'` string with backslash escapes. */
function opensEscapeString(sql: string, index: number): boolean {
  const prefix = sql[index - 1];
  return (
    (prefix === 'E' || prefix === 'e') &&
    !IDENTIFIER_PART.test(sql[index - 2] ?? '')
  );
}

/**
 * Turns Databricks-style `:name` parameters into DuckDB's `$name`, leaving
 * string literals, quoted identifiers, comments and `::` casts untouched.
 * Spark's `INSERT OVERWRITE t` (one atomic commit on Delta) becomes
 * `DELETE FROM t; INSERT INTO t`, which the caller runs in one transaction.
 * Pure text work: values are bound later, never spliced in.
 */
export function rewriteNamedParameters(sql: string): RewrittenSql {
  const names: string[] = [];
  const overwrites: string[] = [];
  let separators = 0;
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    let end = -1;
    if (ch === "'") {
      end = endOfQuoted(sql, i, "'", opensEscapeString(sql, i));
    } else if (ch === '"' || ch === '`') {
      end = endOfQuoted(sql, i, ch, false);
    } else if (ch === '-' && next === '-') {
      end = endOfLineComment(sql, i);
    } else if (ch === '/' && next === '*') {
      end = endOfBlockComment(sql, i);
    } else if (ch === '$') {
      end = endOfDollarQuoted(sql, i);
    } else if (ch === ':' && next === ':') {
      end = i + 2;
    }
    if (end !== -1) {
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if ((ch === 'I' || ch === 'i') && !IDENTIFIER_PART.test(sql[i - 1] ?? '')) {
      INSERT_OVERWRITE.lastIndex = i;
      const overwrite = INSERT_OVERWRITE.exec(sql);
      if (overwrite) {
        const table = overwrite[1];
        overwrites.push(table);
        out += `DELETE FROM ${table};\nINSERT INTO ${table}`;
        i += overwrite[0].length;
        continue;
      }
    }
    if (ch === ':' && IDENTIFIER_START.test(next ?? '')) {
      let nameEnd = i + 2;
      while (nameEnd < sql.length && IDENTIFIER_PART.test(sql[nameEnd])) {
        nameEnd += 1;
      }
      const name = sql.slice(i + 1, nameEnd);
      if (!names.includes(name)) {
        names.push(name);
      }
      out += `$${name}`;
      i = nameEnd;
      continue;
    }
    if (ch === ';') {
      separators += 1;
    }
    out += ch;
    i += 1;
  }
  return {
    sql: out,
    names,
    overwrites,
    mayHoldSeveralStatements: separators > 0 || overwrites.length > 0,
  };
}

/**
 * Fails unless the SQL refers to exactly the supplied parameters: a missing
 * value would bind NULL by accident, an unused one hints at a typo.
 */
export function assertParametersMatch(
  referenced: string[],
  params: SqlParams,
): void {
  const supplied = Object.keys(params);
  const missing = referenced.filter(name => !supplied.includes(name));
  const unused = supplied.filter(name => !referenced.includes(name));
  const problems: string[] = [];
  // DuckDB matches parameter names case-insensitively.
  const caseClashes = referenced.filter((name, index) =>
    referenced.some(
      (other, otherIndex) =>
        otherIndex < index && other.toLowerCase() === name.toLowerCase(),
    ),
  );
  if (caseClashes.length > 0) {
    problems.push(
      `differing only in case: ${caseClashes.map(n => `:${n}`).join(', ')}`,
    );
  }
  if (missing.length > 0) {
    problems.push(
      `referenced but not supplied: ${missing.map(n => `:${n}`).join(', ')}`,
    );
  }
  if (unused.length > 0) {
    problems.push(
      `supplied but not used: ${unused.map(n => `:${n}`).join(', ')}`,
    );
  }
  if (problems.length > 0) {
    throw new InputError(`SQL parameters ${problems.join('; ')}`);
  }
}
