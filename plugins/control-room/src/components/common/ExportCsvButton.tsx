import Button from '@material-ui/core/Button';
import { CsvColumn, downloadCsv, toCsv } from '../../lib/csv';

export interface ExportCsvButtonProps<T> {
  fileName: string;
  columns: CsvColumn<T>[];
  rows: T[];
  /** What is exported, for the button's accessible name. */
  what: string;
}

/**
 * Downloads the rows a list or card shows as CSV, for views that are not a
 * Backstage table (those use `csvExportMenu`).
 */
export function ExportCsvButton<T>(props: ExportCsvButtonProps<T>) {
  return (
    <Button
      size="small"
      disabled={props.rows.length === 0}
      aria-label={`Export ${props.what} as CSV`}
      onClick={() =>
        downloadCsv(props.fileName, toCsv(props.columns, props.rows))
      }
    >
      Export CSV
    </Button>
  );
}
