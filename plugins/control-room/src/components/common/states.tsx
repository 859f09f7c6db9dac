import { ReactNode } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { ProjectHealth } from '@finance-ppm/plugin-control-room-common';

/**
 * Loading, error or the content, the same way on every tab and card. A
 * reload (after a job run, say) keeps showing the previous content until the
 * new one arrives, so live updates do not flash a spinner.
 */
export function AsyncContent<T>(props: {
  title: string;
  loading: boolean;
  error?: Error;
  value?: T;
  children: (value: T) => ReactNode;
}) {
  if (props.loading && props.value === undefined) {
    return <Progress />;
  }
  if (props.error) {
    return <ResponseErrorPanel title={props.title} error={props.error} />;
  }
  if (props.value === undefined) {
    return null;
  }
  return <>{props.children(props.value)}</>;
}

/** An empty state that names the config to set. */
export const NoData = ({
  title,
  config,
}: {
  title: string;
  config?: string[];
}) => (
  <EmptyState
    missing="data"
    title={title}
    description={
      config?.length
        ? `Nothing has been loaded yet. Check that ${config.join(', ')} ${
            config.length > 1 ? 'are' : 'is'
          } set in app-config and that the pipeline jobs have run.`
        : 'Nothing matches the current filters and date range.'
    }
  />
);

export const NOTION_CONFIG = [
  'controlRoom.notion.token',
  'controlRoom.notion.databases.*',
];
export const AZURE_CONFIG = ['controlRoom.azure.subscriptions'];

const HEALTH_COLOURS: Record<ProjectHealth, string> = {
  green: '#2e7d32',
  amber: '#ed6c02',
  red: '#d32f2f',
};

export const HealthChip = ({ health }: { health?: ProjectHealth }) =>
  health ? (
    <Chip
      size="small"
      label={health}
      style={{ backgroundColor: HEALTH_COLOURS[health], color: '#fff' }}
    />
  ) : (
    <Typography variant="body2" component="span">
      unknown
    </Typography>
  );

/** "Data as of …" when the answer is the last good data, else live. */
export const Freshness = ({ asOf }: { asOf?: string[] }) => {
  const stale = (asOf ?? []).filter(Boolean).sort()[0];
  return (
    <Typography variant="body2" color={stale ? 'error' : 'textSecondary'}>
      {stale
        ? `Data as of ${new Date(
            stale,
          ).toLocaleString()} (the lakehouse is not answering)`
        : 'Live data'}
    </Typography>
  );
};
