import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
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
  reportingCurrency,
  sumByUnit,
  toChartNumber,
  topVariances,
} from '../../lib/money';
import { fetchAllProjects } from '../../lib/paging';
import { AlertsCard } from '../AlertsCard';
import { HealthCard } from '../HealthCard';
import { CloudSpendSection } from './CloudSpendSection';
import {
  AsyncContent,
  AZURE_CONFIG,
  effectiveRange,
  Freshness,
  MoneyChart,
  NoData,
  NOTION_CONFIG,
  ProjectLink,
  TabFrame,
  useDateRange,
  useJobRunsRefresh,
  useProjectEntityPaths,
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
      <Typography variant="h5" component="p">
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
  const state = useAsync(
    () => api.getKpis({ from, to, dimension: 'program' }),
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

/** Top variances, forecast (EAC, budget exhaustion) from projects and forecasts. */
const ForecastSection = () => {
  const api = useApi(controlRoomApiRef);
  const liveKey = useJobRunsRefresh();
  const paths = useProjectEntityPaths();
  const state = useAsync(async () => {
    const [projects, forecast] = await Promise.all([
      fetchAllProjects(api),
      api.getForecast(),
    ]);
    return { projects, forecast };
  }, [api, liveKey]);
  return (
    <AsyncContent title="Could not load the forecast" {...state}>
      {({ projects, forecast }) => {
        if (projects.data.length === 0) {
          return (
            <Grid item xs={12}>
              <NoData title="No projects yet" config={NOTION_CONFIG} />
            </Grid>
          );
        }
        const names = new Map(projects.data.map(p => [p.project_id, p.name]));
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
              <InfoCard title="Top variances">
                <List dense data-testid="top-variances">
                  {topVariances(projects.data, 5).map(
                    ({ project, variance }) => (
                      <ListItem key={project.project_id}>
                        <ListItemText
                          primary={
                            <ProjectLink
                              projectId={project.project_id}
                              name={project.name}
                              paths={paths}
                            />
                          }
                          secondary={`Variance ${formatMoney(
                            variance.value,
                            variance.unit,
                          )}`}
                        />
                      </ListItem>
                    ),
                  )}
                </List>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Forecast">
                {latest.size === 0 ? (
                  <NoData title="No forecast yet" config={NOTION_CONFIG} />
                ) : (
                  <>
                    <Typography data-testid="forecast-eac">
                      EAC {formatAmounts(totals.eac)} against a budget at
                      completion of {formatAmounts(totals.budgetAtCompletion)}
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
