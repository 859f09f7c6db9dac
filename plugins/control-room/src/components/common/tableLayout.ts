import type { CSSProperties } from 'react';
import type { TableColumn } from '@backstage/core-components';
import { Theme } from '@material-ui/core/styles';
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
