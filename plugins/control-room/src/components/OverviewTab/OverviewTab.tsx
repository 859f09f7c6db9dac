import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import type {
  Forecast,
  ProjectSummary,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import {
  describeKpi,
  formatAmounts,
  formatMoney,
  kpiCards,
  KpiCardData,
  latestForecasts,
  monthlyTotals,
  portfolioForecast,
  ProjectVariance,
  reportingCurrency,
  sumByUnit,
  toChartNumber,
  topVariances,
} from '../../lib/money';
import { fetchAllProjects } from '../../lib/paging';
import { CsvColumn } from '../../lib/csv';
import { AlertsCard } from '../AlertsCard';
import { choicesOf, FilterToolbar } from '../FilterToolbar';
import { HealthCard } from '../HealthCard';
import { CloudSpendSection } from './CloudSpendSection';
import {
  AsyncContent,
  AZURE_CONFIG,
  effectiveRange,
  ExportCsvButton,
  Freshness,
  MoneyChart,
  NoData,
  NOTION_CONFIG,
  ProjectLink,
  TabFrame,
  useDateRange,
  useJobRunsRefresh,
  useProjectEntityPaths,
  useUrlParam,
  MONEY_CELL,
} from '../common';

const STATUS_COLOURS = { ok: '#2e7d32', warning: '#ed6c02', error: '#d32f2f' };

const KpiCard = ({ card }: { card: KpiCardData }) => (
  <InfoCard title={card.title}>
    <div
      data-testid={`kpi-${card.title.toLowerCase()}`}
      style={{
        borderLeft: `6px solid ${STATUS_COLOURS[card.status]}`,
        paddingLeft: 12,
      }}
    >
      <Typography variant="h5" component="p" style={MONEY_CELL}>
        {formatMoney(card.value, card.unit)}
      </Typography>
      {describeKpi(card).map(line => (
        <Typography key={line} variant="body2" color="textSecondary">
          {line}
        </Typography>
      ))}
    </div>
  </InfoCard>
);

/** KPI cards and the budget-vs-actual chart of the selected range. */
const BudgetSection = () => {
  const api = useApi(controlRoomApiRef);
  const { range } = useDateRange();
  const { from, to } = effectiveRange(range);
  const liveKey = useJobRunsRefresh();
  // The portfolio's rows: one per metric and month, summed by the API.
  const state = useAsync(
    () => api.getKpis({ from, to, dimension: 'portfolio' }),
    [api, from, to, liveKey],
  );
  return (
    <AsyncContent title="Could not load the KPIs" {...state}>
      {response => {
        const currency = reportingCurrency(response.data);
        const series = monthlyTotals(response.data, currency);
        if (series.length === 0) {
          return (
            <>
              <Grid item xs={12}>
                <NoData
                  title="No budget or actuals in this range"
                  config={NOTION_CONFIG}
                />
              </Grid>
              <CloudSpendSection kpis={response.data} />
            </>
          );
        }
        return (
          <>
            <Grid item xs={12}>
              <Freshness asOf={response.as_of ? [response.as_of] : []} />
            </Grid>
            {kpiCards(series, currency).map(card => (
              <Grid item xs={12} sm={6} md={3} key={card.title}>
                <KpiCard card={card} />
              </Grid>
            ))}
            <Grid item xs={12}>
              <InfoCard title="Budget vs actual by month">
                <MoneyChart
                  variant="bars"
                  height={300}
                  currency={currency}
                  xKey="period"
                  series={['Budget', 'Actual']}
                  data={series.map(s => ({
                    period: s.period,
                    Budget: toChartNumber(s.budget),
                    Actual: toChartNumber(s.actual),
                  }))}
                />
              </InfoCard>
            </Grid>
            <CloudSpendSection kpis={response.data} />
          </>
        );
      }}
    </AsyncContent>
  );
};

const TOP_COUNTS = ['5', '10', '20'];

const varianceCsvColumns: CsvColumn<
  ProjectVariance & { programName: string }
>[] = [
  { title: 'Project', value: v => v.project.name },
  { title: 'Program', value: v => v.programName },
  { title: 'Budget', value: v => v.project.budget },
  { title: 'Actual', value: v => v.project.actual },
  { title: 'Variance', value: v => v.variance.value },
  { title: 'Currency', value: v => v.variance.unit },
];

const forecastCsvColumns: CsvColumn<Forecast & { projectName: string }>[] = [
  { title: 'Project', value: f => f.projectName },
  { title: 'Month', value: f => f.period.slice(0, 7) },
  { title: 'Budget at completion', value: f => f.budget_at_completion },
  { title: 'EAC', value: f => f.eac },
  { title: 'Currency', value: f => f.unit },
  { title: 'Budget runs out', value: f => f.budget_exhausted_on },
];

/** Top variances, forecast (EAC, budget exhaustion) from projects and forecasts. */
const ForecastSection = () => {
  const api = useApi(controlRoomApiRef);
  const liveKey = useJobRunsRefresh();
  const paths = useProjectEntityPaths();
  // The list's filters live in the URL, so the view can be shared.
  const [topParam, setTop] = useUrlParam('top');
  const [program, setProgram] = useUrlParam('program');
  const top = TOP_COUNTS.includes(topParam) ? topParam : '5';
  const state = useAsync(async () => {
    const [projects, forecast, programs] = await Promise.all([
      fetchAllProjects(api),
      api.getForecast(),
      api.listPrograms(),
    ]);
    return { projects, forecast, programs };
  }, [api, liveKey]);
  return (
    <AsyncContent title="Could not load the forecast" {...state}>
      {({ projects, forecast, programs }) => {
        if (projects.data.length === 0) {
          return (
            <Grid item xs={12}>
              <NoData title="No projects yet" config={NOTION_CONFIG} />
            </Grid>
          );
        }
        const names = new Map(projects.data.map(p => [p.project_id, p.name]));
        const programNames = new Map(
          programs.data.map(p => [p.program_id, p.name]),
        );
        const programOf = (project: ProjectSummary) =>
          project.program_id
            ? programNames.get(project.program_id) ?? 'Unknown program'
            : 'unassigned';
        const variances = topVariances(
          projects.data.filter(p => !program || programOf(p) === program),
          Number(top),
        ).map(v => ({ ...v, programName: programOf(v.project) }));
        const latest = latestForecasts(forecast.data);
        const totals = portfolioForecast(latest.values());
        // A chart has one axis, so it plots one currency: the first one's.
        const chartCurrency = totals.eac[0]?.unit;
        const chart = [...latest.values()]
          .filter(f => f.unit === chartCurrency)
          .sort((a, b) => Number(b.eac ?? 0) - Number(a.eac ?? 0))
          .slice(0, 10)
          .map(f => ({
            project: names.get(f.project_id) ?? 'Unnamed project',
            BAC: toChartNumber(f.budget_at_completion),
            EAC: toChartNumber(f.eac),
          }));
        const exhausted = totals.firstExhaustion;
        return (
          <>
            <Grid item xs={12} md={6}>
              <InfoCard
                title="Top variances"
                action={
                  <ExportCsvButton
                    what="top variances"
                    fileName="top-variances.csv"
                    columns={varianceCsvColumns}
                    rows={variances}
                  />
                }
              >
                <FilterToolbar
                  filters={[
                    {
                      id: 'top-variances-count',
                      label: 'Show',
                      value: top,
                      // Top 5 is the default, so it leaves the URL clean.
                      onChange: value => setTop(value === '5' ? '' : value),
                      all: false,
                      minWidth: 100,
                      choices: TOP_COUNTS.map(count => ({
                        value: count,
                        label: `Top ${count}`,
                      })),
                    },
                    {
                      id: 'top-variances-program',
                      label: 'Program',
                      value: program,
                      onChange: setProgram,
                      choices: choicesOf(
                        [...new Set(projects.data.map(programOf))].sort(),
                      ),
                    },
                  ]}
                />
                <List dense data-testid="top-variances">
                  {variances.length === 0 && (
                    <ListItem>
                      <ListItemText primary="No project in this program" />
                    </ListItem>
                  )}
                  {variances.map(({ project, variance }) => (
                    <ListItem key={project.project_id}>
                      <ListItemText
                        primary={
                          <ProjectLink
                            projectId={project.project_id}
                            name={project.name}
                            paths={paths}
                          />
                        }
                        secondary={
                          <span style={MONEY_CELL}>
                            Variance{' '}
                            {formatMoney(variance.value, variance.unit)}
                          </span>
                        }
                      />
                    </ListItem>
                  ))}
                </List>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard
                title="Forecast"
                action={
                  <ExportCsvButton
                    what="forecast"
                    fileName="forecast.csv"
                    columns={forecastCsvColumns}
                    rows={[...latest.values()].map(f => ({
                      ...f,
                      projectName: names.get(f.project_id) ?? 'Unnamed project',
                    }))}
                  />
                }
              >
                {latest.size === 0 ? (
                  <NoData title="No forecast yet" config={NOTION_CONFIG} />
                ) : (
                  <>
                    <Typography data-testid="forecast-eac">
                      EAC{' '}
                      <span style={MONEY_CELL}>
                        {formatAmounts(totals.eac)}
                      </span>{' '}
                      against a budget at completion of{' '}
                      <span style={MONEY_CELL}>
                        {formatAmounts(totals.budgetAtCompletion)}
                      </span>
                    </Typography>
                    <Typography data-testid="forecast-exhaustion">
                      {exhausted ? (
                        <>
                          Budget runs out first on {exhausted.date} (
                          <ProjectLink
                            projectId={exhausted.projectId}
                            name={names.get(exhausted.projectId)}
                            paths={paths}
                          />
                          )
                        </>
                      ) : (
                        'No project runs out of budget at the current rate'
                      )}
                    </Typography>
                    <MoneyChart
                      variant="lines"
                      height={260}
                      currency={chartCurrency}
                      xKey="project"
                      hideXAxis
                      series={['BAC', 'EAC']}
                      data={chart}
                    />
                  </>
                )}
                <Freshness
                  asOf={
                    [projects.as_of, forecast.as_of].filter(Boolean) as string[]
                  }
                />
              </InfoCard>
            </Grid>
          </>
        );
      }}
    </AsyncContent>
  );
};

const AdvisorSection = () => {
  const api = useApi(controlRoomApiRef);
  const liveKey = useJobRunsRefresh();
  const state = useAsync(() => api.getAdvisorSummary(), [api, liveKey]);
  return (
    <AsyncContent title="Could not load the Advisor summary" {...state}>
      {summary => (
        <Grid item xs={12} md={6}>
          <InfoCard title="Advisor savings">
            {summary.data.length === 0 ? (
              <NoData
                title="No Advisor recommendations yet"
                config={AZURE_CONFIG}
              />
            ) : (
              <Typography data-testid="advisor-savings">
                {summary.data.reduce((n, row) => n + row.count, 0)}{' '}
                recommendations, potential savings{' '}
                {formatAmounts(
                  sumByUnit(
                    summary.data.map(r => ({
                      value: r.monthly_savings,
                      unit: r.unit,
                    })),
                  ),
                )}{' '}
                a month (
                {formatAmounts(
                  sumByUnit(
                    summary.data.map(r => ({
                      value: r.annual_savings,
                      unit: r.unit,
                    })),
                  ),
                )}{' '}
                a year).
              </Typography>
            )}
          </InfoCard>
        </Grid>
      )}
    </AsyncContent>
  );
};

/** The Overview tab: alerts, KPIs, budget vs actual, variances, forecast, Advisor. */
export const OverviewTab = () => (
  <TabFrame>
    <Grid item xs={12}>
      <AlertsCard />
    </Grid>
    <BudgetSection />
    <ForecastSection />
    <AdvisorSection />
    <Grid item xs={12} md={6}>
      <HealthCard />
    </Grid>
  </TabFrame>
);
