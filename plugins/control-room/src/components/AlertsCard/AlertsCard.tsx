import { InfoCard, Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import type {
  AlertKind,
  OpenAlert,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import { CsvColumn } from '../../lib/csv';
import {
  AsyncContent,
  ExportCsvButton,
  Freshness,
  useJobRunsRefresh,
} from '../common';

const KIND_LABELS: Record<AlertKind, string> = {
  jobs: 'Job',
  dataQuality: 'Data quality',
  projectHealth: 'Project',
  advisor: 'Advisor',
};

const SEVERITY_COLOURS: Record<OpenAlert['severity'], string> = {
  critical: '#b71c1c',
  high: '#d32f2f',
  normal: '#ed6c02',
  low: '#757575',
};

/** The card lists this many; the rest are counted, so it stays a summary. */
export const ALERTS_SHOWN = 8;

const SEVERITY_RANK: Record<OpenAlert['severity'], number> = {
  critical: 0,
  high: 1,
  normal: 2,
  low: 3,
};

/** Most severe first, then the oldest: what needs attention leads. */
export function rankAlerts(alerts: readonly OpenAlert[]): OpenAlert[] {
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      Date.parse(a.since) - Date.parse(b.since),
  );
}

/** "36 open: 18 Project, 18 Advisor", kinds in the order of the labels. */
export function summariseAlerts(alerts: readonly OpenAlert[]): string {
  const counts = (Object.keys(KIND_LABELS) as AlertKind[])
    .map(kind => [kind, alerts.filter(a => a.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${KIND_LABELS[kind]}`);
  return `${alerts.length} open: ${counts.join(', ')}`;
}

/** How long ago, in the largest unit that stays readable. */
function describeAge(minutes: number): string {
  if (minutes < 60) {
    return `${Math.round(minutes)} min`;
  }
  if (minutes < 48 * 60) {
    return `${Math.round(minutes / 60)} h`;
  }
  return `${Math.round(minutes / (24 * 60))} d`;
}

/** "since 1 Mar 2026, 10:00 (3 h)": when it started and how long ago. */
export function describeSince(since: string, now: Date): string {
  const minutes = Math.max(0, (now.getTime() - Date.parse(since)) / 60_000);
  return `since ${new Date(since).toLocaleString()} (${describeAge(minutes)})`;
}

/**
 * A link of the app as a full URL, so it still opens from a spreadsheet.
 * Alert links are app paths; the app may be served below a base path.
 */
export function appUrl(link: string, appBaseUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
    return link;
  }
  const base = new URL(appBaseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const path =
    basePath && link.startsWith(`${basePath}/`) ? link : `${basePath}${link}`;
  return `${base.origin}${path}`;
}

/**
 * The alerts export: each alert as the card shows it, its title (which
 * names the job, check or project), kind, severity, since when it is open,
 * its details and the page its title links to.
 */
export function alertCsvColumns(appBaseUrl: string): CsvColumn<OpenAlert>[] {
  return [
    { title: 'Alert', value: a => a.title },
    { title: 'Kind', value: a => KIND_LABELS[a.kind] },
    { title: 'Severity', value: a => a.severity },
    // The API lists open alerts only; resolved ones leave the list.
    { title: 'Status', value: () => 'open' },
    { title: 'Opened', value: a => a.since },
    { title: 'Details', value: a => a.description },
    { title: 'Link', value: a => appUrl(a.link, appBaseUrl) },
  ];
}

/** What is failing now and since when: the open alerts of the backend. */
export const AlertsCard = () => {
  const api = useApi(controlRoomApiRef);
  const appBaseUrl =
    useApi(configApiRef).getOptionalString('app.baseUrl') ??
    window.location.origin;
  const liveKey = useJobRunsRefresh();
  const state = useAsync(() => api.getAlerts(), [api, liveKey]);
  return (
    <InfoCard
      title="Alerts"
      action={
        state.value && (
          // Every open alert, in the card's order, not only those it lists.
          <ExportCsvButton
            what="alerts"
            fileName="alerts.csv"
            columns={alertCsvColumns(appBaseUrl)}
            rows={rankAlerts(state.value.data)}
          />
        )
      }
    >
      <AsyncContent title="Could not load the alerts" {...state}>
        {alerts =>
          alerts.data.length === 0 ? (
            <Typography data-testid="alerts-none">
              No open alerts: no job, error-level data-quality check or project
              is failing.
            </Typography>
          ) : (
            <>
              <Typography variant="subtitle2" data-testid="alerts-summary">
                {summariseAlerts(alerts.data)}
              </Typography>
              <List
                dense
                data-testid="alerts-open"
                // Check and table names are long dotted identifiers.
                style={{ overflowWrap: 'anywhere', wordBreak: 'break-word' }}
              >
                {rankAlerts(alerts.data)
                  .slice(0, ALERTS_SHOWN)
                  .map(alert => (
                    <ListItem
                      key={alert.key}
                      style={{
                        borderLeft: `4px solid ${
                          SEVERITY_COLOURS[alert.severity]
                        }`,
                        marginBottom: 4,
                      }}
                    >
                      <ListItemText
                        // Backstage's theme cuts dense list text to one
                        // line; the age and details must stay readable.
                        style={{ whiteSpace: 'normal' }}
                        primary={
                          <Link
                            to={alert.link}
                            style={{
                              wordBreak: 'break-word',
                              whiteSpace: 'normal',
                            }}
                          >
                            {alert.title}
                          </Link>
                        }
                        secondary={`${
                          KIND_LABELS[alert.kind]
                        } · ${describeSince(alert.since, new Date())}${
                          alert.description ? ` · ${alert.description}` : ''
                        }`}
                      />
                    </ListItem>
                  ))}
              </List>
              {alerts.data.length > ALERTS_SHOWN && (
                <Typography variant="body2" data-testid="alerts-more">
                  and {alerts.data.length - ALERTS_SHOWN} more, on the tabs they
                  link to
                </Typography>
              )}
              <Freshness asOf={alerts.as_of ? [alerts.as_of] : []} />
            </>
          )
        }
      </AsyncContent>
    </InfoCard>
  );
};
