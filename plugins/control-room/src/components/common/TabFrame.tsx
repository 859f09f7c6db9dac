import { ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import { DateRangeControl } from './DateRange';

/** The date-range control above a tab's content. */
export const TabFrame = ({ children }: { children: ReactNode }) => (
  <Grid container spacing={3}>
    <Grid item xs={12}>
      <DateRangeControl />
    </Grid>
    {children}
  </Grid>
);
