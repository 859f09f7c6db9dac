/** A failed statement as the warehouse reports it. */
export interface StatementFailure {
  /** `[ERROR_CLASS] message`, as Databricks prints it. */
  message: string;
  sqlState: string;
}

/** DuckDB error kinds and the Databricks error class and SQLSTATE for each. */
const DUCKDB_ERROR_CLASSES: Array<[RegExp, string, string]> = [
  [/^Parser Error/i, 'PARSE_SYNTAX_ERROR', '42601'],
  [
    /^Catalog Error: Table.*does not exist/i,
    'TABLE_OR_VIEW_NOT_FOUND',
    '42P01',
  ],
  [/^Catalog Error: Schema.*does not exist/i, 'SCHEMA_NOT_FOUND', '42704'],
  [/^Catalog Error/i, 'UNRESOLVED_ROUTINE', '42883'],
  [/^Binder Error/i, 'UNRESOLVED_COLUMN', '42703'],
  [/^Conversion Error/i, 'CAST_INVALID_INPUT', '22018'],
  [/^Invalid Input Error/i, 'INVALID_PARAMETER_VALUE', '22023'],
  [/^Out of Range Error/i, 'NUMERIC_VALUE_OUT_OF_RANGE', '22003'],
  [/^Constraint Error/i, 'DELTA_CONSTRAINT_VIOLATION', '23000'],
  [/^Transaction( context)? Error/i, 'DELTA_CONCURRENT_WRITE', '40001'],
];

/** The error class and SQLSTATE Databricks would give a DuckDB failure. */
export function toStatementFailure(error: unknown): StatementFailure {
  const explicit = error as { sqlState?: unknown; message?: unknown };
  const text =
    typeof explicit?.message === 'string' ? explicit.message : String(error);
  if (typeof explicit?.sqlState === 'string') {
    return { message: text, sqlState: explicit.sqlState };
  }
  const match = DUCKDB_ERROR_CLASSES.find(([pattern]) => pattern.test(text));
  const [, errorClass, sqlState] = match ?? [
    undefined,
    'INTERNAL_ERROR',
    'XX000',
  ];
  return { message: `[${errorClass}] ${text}`, sqlState };
}
