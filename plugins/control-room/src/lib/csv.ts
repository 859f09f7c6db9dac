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

/**
 * The `exportMenu` option of a Backstage table: exports the rows as the
 * table shows them (filtered and sorted) with the given columns.
 */
export function csvExportMenu<T>(fileName: string, columns: CsvColumn<T>[]) {
  return [
    {
      label: 'Export as CSV',
      exportFunc: (_tableColumns: unknown[], rows: T[]) =>
        downloadCsv(fileName, toCsv(columns, rows)),
    },
  ];
}
