import type { CSSProperties } from 'react';
import type { TableColumn } from '@backstage/core-components';
import { makeStyles, Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';

/** An amount never wraps in the middle of its number. */
export const MONEY_CELL: CSSProperties = { whiteSpace: 'nowrap' };

/** A right-aligned money column whose figures stay on one line. */
export function moneyColumn<T extends object>(
  column: TableColumn<T>,
): TableColumn<T> {
  return {
    type: 'numeric',
    ...column,
    cellStyle: MONEY_CELL,
  };
}

/** True on a phone-sized screen (below the `sm` breakpoint, 600 px). */
export function usePhone(): boolean {
  return useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
}

/**
 * On a phone only the chosen columns, in their order, so a table fits 375 px
 * without clipping; the CSV export still carries every column.
 */
export function chosenColumns<T extends object>(
  columns: TableColumn<T>[],
  phone: boolean,
  titles: string[],
): TableColumn<T>[] {
  if (!phone) {
    return columns;
  }
  return titles
    .map(title => columns.find(c => c.title === title))
    .filter((c): c is TableColumn<T> => !!c);
}

/**
 * For the element around a page's tables: a table's toolbar wraps, so where
 * the title, search and export do not fit on one line (a phone), search and
 * export move below the title instead of cutting it to a few letters. The
 * toolbar's first child holds the title (material-table's layout).
 */
export const useWrappingTableTitles = makeStyles((theme: Theme) => ({
  root: {
    '& .MuiPaper-root > .MuiToolbar-root': { flexWrap: 'wrap' },
    '& .MuiPaper-root > .MuiToolbar-root > :first-child': {
      minWidth: 'min-content',
    },
    // On a phone the search box takes the room beside the export button
    // (the spacer after the title gives its share up); it would otherwise
    // keep its full width and push the export onto a third line.
    [theme.breakpoints.down('xs')]: {
      '& .MuiPaper-root > .MuiToolbar-root > :nth-child(2)': { flex: 'none' },
      '& .MuiPaper-root > .MuiToolbar-root > .MuiTextField-root': {
        flex: '1 1 0',
        minWidth: 120,
      },
    },
  },
}));
