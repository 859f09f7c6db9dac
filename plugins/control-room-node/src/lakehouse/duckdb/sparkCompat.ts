/**
 * Spark SQL functions DuckDB lacks, as DuckDB macros of the same name, so a
 * gold model written in the common subset runs unchanged on both engines.
 *
 * They are TEMP macros, created on every connection the engine opens: they
 * belong to this code's version, not to the database file.
 *
 * A macro never takes over a DuckDB built-in with other semantics. DuckDB
 * has `date_sub(part, start, end)` and `datediff(part, start, end)`; the
 * macros of those names add Spark's two-argument forms and pass three
 * arguments through to the built-in (`system.main.*`), since DuckDB picks a
 * macro overload by the number of arguments.
 */

/** One parameter list of a macro and the expression it expands to. */
export interface MacroOverload {
  parameters: string[];
  body: string;
}

/** A Spark function provided as a DuckDB macro. */
export interface SparkCompatMacro {
  name: string;
  /** The Spark forms it provides, for docs and error hunting. */
  spark: string;
  overloads: MacroOverload[];
}

/** A Spark function whose DuckDB namesake behaves differently. */
export interface SparkDuckDbDifference {
  name: string;
  /** What to write in a model instead. */
  advice: string;
}

/**
 * Spark datetime pattern tokens and their strftime/strptime codes, longest
 * first so `yyyy` is matched before `yy`.
 */
export const SPARK_DATETIME_TOKENS: ReadonlyArray<
  readonly [spark: string, strftime: string]
> = [
  ['yyyy', '%Y'],
  ['yy', '%y'],
  ['MMMM', '%B'],
  ['MMM', '%b'],
  ['MM', '%m'],
  ['dd', '%d'],
  ['HH', '%H'],
  ['hh', '%I'],
  ['mm', '%M'],
  ['ss', '%S'],
  ['SSS', '%g'],
  ['EEEE', '%A'],
  ['EEE', '%a'],
];

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * SQL turning a Spark datetime pattern into a strftime format. Each token
 * first becomes a control character and only then its `%` code, so a code
 * just written (`%M`) is never read again as a token (`M`). Quotes, Spark's
 * literal markers, are dropped; `%` is escaped.
 */
export function sparkPatternToStrftimeSql(pattern: string): string {
  let sql = `replace(${pattern}, '%', '%%')`;
  SPARK_DATETIME_TOKENS.forEach(([token], index) => {
    sql = `replace(${sql}, ${sqlString(token)}, chr(${index + 1}))`;
  });
  sql = `replace(${sql}, '''', '')`;
  SPARK_DATETIME_TOKENS.forEach(([, code], index) => {
    sql = `replace(${sql}, chr(${index + 1}), ${sqlString(code)})`;
  });
  return sql;
}

function asTimestamp(expr: string): string {
  return `CAST(${expr} AS TIMESTAMP)`;
}

function isLastDayOfMonth(expr: string): string {
  return `CAST(${expr} AS DATE) = last_day(CAST(${expr} AS DATE))`;
}

function secondsOfDay(ts: string): string {
  return `(hour(${ts}) * 3600 + minute(${ts}) * 60 + second(${ts}))`;
}

/**
 * Spark's months_between: whole months when both days of month match or
 * both are month ends; otherwise the month difference plus the remaining
 * seconds over a 31-day month, rounded to 8 places unless `roundOff` is
 * false (rounding half up, as Java's Math.round does).
 */
function monthsBetweenSql(
  roundOff: { rounded: true } | { sql: string },
): string {
  const t1 = asTimestamp('timestamp1');
  const t2 = asTimestamp('timestamp2');
  const monthDiff = `((year(${t1}) * 12 + month(${t1})) - (year(${t2}) * 12 + month(${t2})))`;
  const fraction = `((day(${t1}) - day(${t2})) * 86400 + ${secondsOfDay(
    t1,
  )} - ${secondsOfDay(t2)}) / 2678400.0`;
  const raw = `(${monthDiff} + ${fraction})`;
  const rounded = `(floor(${raw} * 1e8 + 0.5) / 1e8)`;
  const partial =
    'sql' in roundOff
      ? `CASE WHEN ${roundOff.sql} THEN ${rounded} ELSE ${raw} END`
      : rounded;
  return `CASE WHEN day(${t1}) = day(${t2}) OR (${isLastDayOfMonth(
    'timestamp1',
  )} AND ${isLastDayOfMonth(
    'timestamp2',
  )}) THEN CAST(${monthDiff} AS DOUBLE) ELSE ${partial} END`;
}

/** The macros created on every connection. */
export const SPARK_COMPAT_MACROS: readonly SparkCompatMacro[] = [
  {
    name: 'nvl',
    spark: 'nvl(expr1, expr2)',
    overloads: [
      { parameters: ['expr1', 'expr2'], body: 'coalesce(expr1, expr2)' },
    ],
  },
  {
    name: 'nvl2',
    spark: 'nvl2(expr1, expr2, expr3)',
    overloads: [
      {
        parameters: ['expr1', 'expr2', 'expr3'],
        body: 'CASE WHEN expr1 IS NOT NULL THEN expr2 ELSE expr3 END',
      },
    ],
  },
  {
    // Spark 3 clamps to the month end (Jan 31 + 1 month = Feb 29) and does
    // not move a month end to the next month end; DuckDB's interval
    // arithmetic does the same.
    name: 'add_months',
    spark: 'add_months(start_date, num_months)',
    overloads: [
      {
        parameters: ['start_date', 'num_months'],
        body: 'CAST(CAST(start_date AS DATE) + to_months(CAST(num_months AS INTEGER)) AS DATE)',
      },
    ],
  },
  {
    name: 'months_between',
    spark: 'months_between(timestamp1, timestamp2[, roundOff])',
    overloads: [
      {
        parameters: ['timestamp1', 'timestamp2'],
        body: monthsBetweenSql({ rounded: true }),
      },
      {
        parameters: ['timestamp1', 'timestamp2', 'round_off'],
        body: monthsBetweenSql({ sql: 'round_off' }),
      },
    ],
  },
  {
    name: 'date_sub',
    spark: 'date_sub(start_date, num_days)',
    overloads: [
      {
        parameters: ['start_date', 'num_days'],
        body: 'CAST(start_date AS DATE) - CAST(num_days AS INTEGER)',
      },
      {
        parameters: ['part', 'startdate', 'enddate'],
        body: 'system.main.date_sub(part, startdate, enddate)',
      },
    ],
  },
  {
    name: 'datediff',
    spark: 'datediff(end_date, start_date)',
    overloads: [
      {
        parameters: ['end_date', 'start_date'],
        body: 'CAST(CAST(end_date AS DATE) - CAST(start_date AS DATE) AS INTEGER)',
      },
      {
        parameters: ['part', 'startdate', 'enddate'],
        body: 'system.main.datediff(part, startdate, enddate)',
      },
    ],
  },
  {
    // ANSI semantics, Databricks' default: text that is no date is an error.
    // `expr || ''` is CAST(expr AS VARCHAR) that leaves the argument's type
    // open when DuckDB checks the macro at creation; with a typed argument
    // it rejects the (not yet known) format as "not a constant".
    name: 'to_date',
    spark: 'to_date(expr[, fmt])',
    overloads: [
      { parameters: ['expr'], body: 'CAST(expr AS DATE)' },
      {
        parameters: ['expr', 'fmt'],
        body: `CAST(strptime(expr || '', ${sparkPatternToStrftimeSql(
          'fmt',
        )}) AS DATE)`,
      },
    ],
  },
  {
    // Takes a DATE or TIMESTAMP: casting `expr` here would make DuckDB
    // reject the macro at creation, as for to_date above.
    name: 'date_format',
    spark: 'date_format(expr, fmt)',
    overloads: [
      {
        parameters: ['expr', 'fmt'],
        body: `strftime(expr, ${sparkPatternToStrftimeSql('fmt')})`,
      },
    ],
  },
  {
    // Spark returns NULL for text that is not JSON; json_extract_string
    // would fail the whole query.
    name: 'get_json_object',
    spark: 'get_json_object(json_txt, path)',
    overloads: [
      {
        parameters: ['json_txt', 'path'],
        body: 'CASE WHEN json_valid(json_txt) THEN json_extract_string(json_txt, path) END',
      },
    ],
  },
  {
    // DuckDB only knows the bare keyword, which returns TIMESTAMPTZ; Spark's
    // current_timestamp() is a TIMESTAMP (UTC, the pinned session zone).
    name: 'current_timestamp',
    spark: 'current_timestamp()',
    overloads: [
      {
        parameters: [],
        body: 'CAST(get_current_timestamp() AS TIMESTAMP)',
      },
    ],
  },
  {
    name: 'try_divide',
    spark: 'try_divide(dividend, divisor)',
    overloads: [
      {
        parameters: ['dividend', 'divisor'],
        body: 'CASE WHEN divisor = 0 THEN NULL ELSE dividend / divisor END',
      },
    ],
  },
];

/**
 * Spark functions models must avoid or spell another way, because DuckDB has
 * a namesake with other semantics that cannot be replaced without breaking
 * DuckDB itself.
 */
export const SPARK_DUCKDB_DIFFERENCES: readonly SparkDuckDbDifference[] = [
  {
    name: 'datediff(unit, start, end)',
    advice:
      'DuckDB counts unit boundaries crossed, Databricks whole units elapsed (they differ for months and years). Use the two-argument datediff(end, start) for days, or months_between.',
  },
  {
    name: 'date_add',
    advice:
      "DuckDB's date_add(date, days) needs a DATE and an INTEGER: CAST text, timestamps and BIGINT counts first.",
  },
  {
    name: 'trunc(date, fmt)',
    advice:
      "DuckDB's trunc truncates numbers. Use CAST(date_trunc('MONTH', d) AS DATE).",
  },
  {
    name: 'date_trunc',
    advice:
      "DuckDB does not know Spark's short units ('MM', 'YY', 'MON'); spell them out: 'YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY'.",
  },
  {
    name: 'dayofweek / weekday',
    advice:
      "DuckDB numbers days 0 (Sunday) to 6, Spark 1 (Sunday) to 7 and weekday 0 (Monday). Use date_format(d, 'EEE') and compare names.",
  },
  {
    name: 'log(x)',
    advice:
      'One-argument log is base 10 in DuckDB and natural in Spark. Use ln(x) or log10(x).',
  },
  {
    name: 'regexp_replace',
    advice:
      'DuckDB replaces the first match only, Spark every match. Avoid it in models, or make the pattern match once.',
  },
  {
    name: 'regexp_extract',
    advice:
      'The default group is 0 in DuckDB and 1 in Spark. Always pass the group index.',
  },
  {
    name: 'concat',
    advice:
      'DuckDB skips NULL arguments, Spark returns NULL. Use || (NULL on both) or coalesce the arguments.',
  },
  {
    name: 'array[index]',
    advice: 'DuckDB lists are 1-based, Spark arrays 0-based. Use element_at.',
  },
  {
    name: 'decode / to_timestamp',
    advice:
      'Different functions in DuckDB (blob decode, epoch seconds). Use CASE and CAST(x AS TIMESTAMP).',
  },
  {
    name: 'date_format(text, fmt)',
    advice:
      'The macro formats DATE and TIMESTAMP values only; CAST text to DATE or TIMESTAMP first. Patterns support yyyy yy MMMM MMM MM dd HH hh mm ss SSS EEEE EEE and quoted literals; single-letter tokens (y, M, d) are not translated.',
  },
  {
    name: 'decimal / decimal',
    advice:
      'DuckDB divides decimals as DOUBLE, Spark keeps DECIMAL. CAST the quotient to DECIMAL(18,2) when it is money.',
  },
];

/** `CREATE OR REPLACE TEMP MACRO` for one macro, every overload in it. */
export function renderSparkCompatMacro(macro: SparkCompatMacro): string {
  const overloads = macro.overloads.map(
    overload => `(${overload.parameters.join(', ')}) AS ${overload.body}`,
  );
  return `CREATE OR REPLACE TEMP MACRO ${macro.name}${overloads.join(', ')}`;
}

/** All macros as one script, run once on each new connection. */
export function renderSparkCompatScript(
  macros: readonly SparkCompatMacro[] = SPARK_COMPAT_MACROS,
): string {
  return macros.map(macro => `${renderSparkCompatMacro(macro)};`).join('\n');
}
