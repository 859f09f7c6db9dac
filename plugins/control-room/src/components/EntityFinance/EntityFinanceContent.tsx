import {
  InfoCard,
  Link,
  StructuredMetadataTable,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import {
  NOTION_PROJECT_ID_ANNOTATION,
  ProjectDetailResponse,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import {
  formatMoney,
  formatRatio,
  subtractMoney,
  toChartNumber,
} from '../../lib/money';
import { ActionDialog } from '../ActionDialog';
import { csvExportMenu, CsvColumn, withCsvRow } from '../../lib/csv';
import { CloudSpendCard } from './CloudSpendCard';
import {
  AsyncContent,
  AZURE_CONFIG,
  chosenColumns,
  Freshness,
  HealthChip,
  MoneyChart,
  NoData,
  MONEY_CELL,
  NOTION_CONFIG,
  useJobRunsRefresh,
  usePhone,
  useWrappingTableTitles,
} from '../common';

/** The Notion project id of the entity in context, if it has one. */
export function useProjectId(): string | undefined {
  const { entity } = useEntity();
  return entity.metadata.annotations?.[NOTION_PROJECT_ID_ANNOTATION];
}

export function useProjectDetail(projectId: string | undefined) {
  const api = useApi(controlRoomApiRef);
  const liveKey = useJobRunsRefresh();
  return useAsync(
    async () => (projectId ? api.getProject(projectId) : undefined),
    [api, projectId, liveKey],
  );
}

type Risk = ProjectDetailResponse['risks'][number];
type Action = ProjectDetailResponse['actions'][number];

const riskCsvColumns: CsvColumn<Risk>[] = [
  { title: 'Risk', value: r => r.title },
  { title: 'Impact', value: r => r.impact },
  { title: 'Probability', value: r => r.probability },
  { title: 'Status', value: r => r.status },
  { title: 'Due', value: r => r.due_date },
];

const actionCsvColumns: CsvColumn<Action>[] = [
  { title: 'Action', value: a => a.title },
  { title: 'Status', value: a => a.status },
  { title: 'Assignee', value: a => a.assignee },
  { title: 'Due', value: a => a.due_date },
  { title: 'Source', value: a => a.source },
  { title: 'Notion page', value: a => a.notion_url },
];

const MissingAnnotation = () => (
  <NoData
    title="This entity is not linked to a Notion project"
    config={[`the ${NOTION_PROJECT_ID_ANNOTATION} annotation`]}
  />
);

const Figures = ({ detail }: { detail: ProjectDetailResponse }) => {
  const { project, forecast } = detail;
  // Each figure in the currency the API gave for it.
  const money = (value: string | undefined, unit?: string) => (
    <span style={MONEY_CELL}>{formatMoney(value, unit)}</span>
  );
  return (
    <StructuredMetadataTable
      metadata={{
        budget: money(project.budget, project.unit),
        actual: money(project.actual, project.unit),
        variance: money(
          subtractMoney(project.budget, project.actual),
          project.unit,
        ),
        EAC: forecast?.eac ? money(forecast.eac, forecast.unit) : '–',
        'budget runs out':
          forecast?.budget_exhausted_on ?? 'not at the current rate',
        health: (
          <HealthChip health={detail.health_detail?.health ?? project.health} />
        ),
      }}
    />
  );
};

/** The Finance tab of a project entity. */
export const EntityFinanceContent = () => {
  const phone = usePhone();
  const projectId = useProjectId();
  const state = useProjectDetail(projectId);
  const [creating, setCreating] = useState(false);
  const tables = useWrappingTableTitles();
  if (!projectId) {
    return <MissingAnnotation />;
  }
  return (
    <AsyncContent title="Could not load the project's finance" {...state}>
      {detail => {
        if (!detail) {
          return (
            <NoData
              title="No finance data for this project"
              config={NOTION_CONFIG}
            />
          );
        }
        const chartCurrency = detail.series[0]?.unit;
        return (
          <Grid container spacing={3} className={tables.root}>
            <Grid item xs={12}>
              <Box
                display="flex"
                flexWrap="wrap"
                alignItems="center"
                justifyContent="space-between"
                style={{ gap: 8 }}
              >
                <Freshness asOf={detail.as_of ? [detail.as_of] : []} />
                <Button
                  variant="outlined"
                  color="primary"
                  onClick={() => setCreating(true)}
                >
                  Create action
                </Button>
              </Box>
              {creating && (
                <ActionDialog
                  open
                  source="manual"
                  projectId={detail.project.project_id}
                  projectName={detail.project.name}
                  defaultTitle={`Follow up on ${detail.project.name}`}
                  onClose={() => setCreating(false)}
                />
              )}
            </Grid>
            <Grid item xs={12} md={5}>
              <InfoCard title={`Finance: ${detail.project.name}`}>
                <Figures detail={detail} />
                {detail.project.notion_url && (
                  <Link to={detail.project.notion_url}>Open in Notion</Link>
                )}
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={7}>
              <InfoCard title="Budget vs actual">
                {detail.series.length === 0 ? (
                  <NoData
                    title="No monthly figures yet"
                    config={NOTION_CONFIG}
                  />
                ) : (
                  <MoneyChart
                    variant="lines"
                    height={280}
                    currency={chartCurrency}
                    xKey="period"
                    series={['Budget', 'Actual', 'Committed']}
                    data={detail.series.map(s => ({
                      period: s.period.slice(0, 7),
                      Budget: toChartNumber(s.budget),
                      Actual: toChartNumber(s.actual),
                      Committed: toChartNumber(s.committed),
                    }))}
                  />
                )}
              </InfoCard>
            </Grid>
            <CloudSpendCard projectId={projectId} />
            <Grid item xs={12} md={6}>
              <InfoCard title="Health">
                <HealthChip
                  health={detail.health_detail?.health ?? detail.project.health}
                />
                <List dense>
                  {(detail.health_detail?.reasons ?? []).map(reason => (
                    <ListItem key={reason}>
                      <ListItemText primary={reason} />
                    </ListItem>
                  ))}
                </List>
                {detail.forecast && (
                  <Typography variant="body2" data-testid="finance-ratios">
                    CPI {formatRatio(detail.forecast.cpi)}, SPI{' '}
                    {formatRatio(detail.forecast.spi)}, EAC{' '}
                    {formatMoney(detail.forecast.eac, detail.forecast.unit)}
                  </Typography>
                )}
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <Table
                title="Risks"
                options={{
                  paging: false,
                  search: false,
                  padding: 'dense',
                  exportMenu: csvExportMenu('risks.csv', riskCsvColumns),
                }}
                columns={withCsvRow(
                  chosenColumns<Risk>(
                    [
                      { title: 'Risk', field: 'title' },
                      { title: 'Impact', field: 'impact' },
                      { title: 'Probability', field: 'probability' },
                      { title: 'Status', field: 'status' },
                    ],
                    phone,
                    ['Risk', 'Impact', 'Status'],
                  ),
                )}
                data={detail.risks.map(r => ({ ...r, id: r.risk_id }))}
                emptyContent={
                  <Typography style={{ padding: 16 }}>
                    No risks recorded.
                  </Typography>
                }
              />
            </Grid>
            <Grid item xs={12}>
              <Table
                title="Actions"
                options={{
                  paging: false,
                  search: false,
                  padding: 'dense',
                  exportMenu: csvExportMenu('actions.csv', actionCsvColumns),
                }}
                columns={withCsvRow(
                  chosenColumns<Action>(
                    [
                      {
                        title: 'Action',
                        field: 'title',
                        render: a =>
                          a.notion_url ? (
                            <Link to={a.notion_url}>{a.title}</Link>
                          ) : (
                            a.title
                          ),
                      },
                      { title: 'Status', field: 'status' },
                      { title: 'Assignee', field: 'assignee' },
                      { title: 'Due', field: 'due_date' },
                      { title: 'Source', field: 'source' },
                    ],
                    phone,
                    ['Action', 'Status', 'Due'],
                  ),
                )}
                data={detail.actions.map(a => ({ ...a, id: a.action_id }))}
                emptyContent={
                  <Typography style={{ padding: 16 }}>
                    No actions yet.
                  </Typography>
                }
              />
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Azure resources and recommendations">
                {detail.resources.length === 0 ? (
                  <NoData
                    title="No Azure resources are tagged to this project"
                    config={AZURE_CONFIG}
                  />
                ) : (
                  <List
                    dense
                    data-testid="resource-recommendations"
                    // Resource names and types are long identifiers.
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {detail.resources.map(resource => {
                      const recs = detail.recommendations.filter(
                        r => r.resource_id === resource.resource_id,
                      );
                      return (
                        <ListItem
                          key={resource.resource_id}
                          alignItems="flex-start"
                        >
                          <ListItemText
                            primary={`${resource.name ?? 'Unnamed resource'} (${
                              resource.type ?? 'resource'
                            }, ${resource.location ?? '–'})`}
                            secondary={
                              recs.length === 0
                                ? 'No recommendations'
                                : recs
                                    .map(
                                      r =>
                                        `${r.impact ?? ''} ${
                                          r.category ?? ''
                                        }: ${
                                          r.solution ?? r.problem ?? ''
                                        } (saves ${formatMoney(
                                          r.monthly_savings,
                                          r.unit,
                                        )} a month)`,
                                    )
                                    .join('; ')
                            }
                          />
                        </ListItem>
                      );
                    })}
                  </List>
                )}
              </InfoCard>
            </Grid>
          </Grid>
        );
      }}
    </AsyncContent>
  );
};

/** The headline figures of the entity's project, for its overview page. */
export const EntityFinanceCard = () => {
  const projectId = useProjectId();
  const state = useProjectDetail(projectId);
  return (
    <InfoCard title="Project finance">
      {projectId ? (
        <AsyncContent title="Could not load the project's finance" {...state}>
          {detail =>
            detail ? (
              <>
                <Figures detail={detail} />
                <Freshness asOf={detail.as_of ? [detail.as_of] : []} />
              </>
            ) : (
              <NoData
                title="No finance data for this project"
                config={NOTION_CONFIG}
              />
            )
          }
        </AsyncContent>
      ) : (
        <MissingAnnotation />
      )}
    </InfoCard>
  );
};
