import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { DateRangeControl } from './DateRange';
import { useWrappingTableTitles } from './tableLayout';

/** The date-range control above a tab's content. */
export const TabFrame = ({ children }: { children: ReactNode }) => {
  const tables = useWrappingTableTitles();
  return (
    // The padding takes up the grid's negative margins (half its spacing),
    // which would otherwise make the page scroll sideways where nothing
    // around the tab pads it (the sub-pages of the new frontend system).
    <Box p={1.5} className={tables.root}>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <DateRangeControl />
        </Grid>
        {children}
      </Grid>
    </Box>
  );
};
