/** One column of a CSV export: its header and how a row gives its cell. */
export interface CsvColumn<T> {
  title: string;
  value: (row: T) => string | number | boolean | undefined | null;
}

// Cells a spreadsheet would run as a formula; a number such as -12.50 is data.
const FORMULA = /^(?:[=+@\t\r]|-(?!\d))/;

function cell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) {
    return '';
  }
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV of the rows: a header line, CRLF line ends, quotes doubled.
 * Amounts go out as the exact decimal strings the API gave, each next to a
 * column naming its currency, so a spreadsheet never guesses either.
 */
export function toCsv<T>(columns: CsvColumn<T>[], rows: T[]): string {
  const lines = [
    columns.map(c => cell(c.title)).join(','),
    ...rows.map(row => columns.map(c => cell(c.value(row))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Hands the CSV to the browser as a download. */
export function downloadCsv(fileName: string, csv: string) {
  const url = URL.createObjectURL(
    new Blob([csv], { type: 'text/csv;charset=utf-8' }),
  );
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

/** The field of the hidden column that hands whole rows to the export. */
const CSV_ROW_FIELD = '__csvRow';

/**
 * Adds the hidden column `csvExportMenu` reads rows through: the table
 * hands an export only the field values of its columns, and this column's
 * value is the row itself.
 */
export function withCsvRow<C extends { title?: unknown }>(columns: C[]): C[] {
  return [
    ...columns,
    {
      title: 'CSV row',
      field: CSV_ROW_FIELD,
      hidden: true,
      export: true,
      searchable: false,
      customExport: (row: unknown) => row,
    } as unknown as C,
  ];
}

/**
 * The `exportMenu` option of a Backstage table: exports the rows as the
 * table shows them (filtered and sorted) with the given columns. The table's
 * columns must go through `withCsvRow`.
 */
export function csvExportMenu<T>(fileName: string, columns: CsvColumn<T>[]) {
  return [
    {
      label: 'Export as CSV',
      exportFunc: (
        tableColumns: Array<{ field?: unknown }>,
        rows: Array<T | unknown[]>,
      ) => {
        const index = tableColumns.findIndex(c => c.field === CSV_ROW_FIELD);
        const objects = rows.map(row =>
          Array.isArray(row) && index >= 0 ? (row[index] as T) : (row as T),
        );
        downloadCsv(fileName, toCsv(columns, objects));
      },
    },
  ];
}
