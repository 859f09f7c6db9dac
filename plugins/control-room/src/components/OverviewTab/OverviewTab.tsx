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
  formatMoney,
  formatPercent,
  kpiCards,
  KpiCardData,
  latestForecasts,
  monthlyTotals,
  portfolioForecast,
  reportingCurrency,
  sumMoney,
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
  TabFrame,
  useDateRange,
  useJobRunsRefresh,
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
      <Typography variant="body2" color="textSecondary">
        {card.trend === undefined
          ? 'No previous month to compare'
          : `${formatPercent(card.trend)} against the previous month`}
      </Typography>
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
        const series = monthlyTotals(response.data);
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
        const currency = reportingCurrency(response.data);
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
        const currency = projects.data.find(p => p.currency)?.currency;
        const latest = latestForecasts(forecast.data);
        const totals = portfolioForecast(latest.values());
        const chart = [...latest.values()]
          .sort((a, b) => Number(b.eac ?? 0) - Number(a.eac ?? 0))
          .slice(0, 10)
          .map(f => ({
            project: names.get(f.project_id) ?? f.project_id,
            BAC: toChartNumber(f.budget_at_completion),
            EAC: toChartNumber(f.eac),
          }));
        return (
          <>
            <Grid item xs={12} md={6}>
              <InfoCard title="Top variances">
                <List dense data-testid="top-variances">
                  {topVariances(projects.data, 5).map(
                    ({ project, variance }) => (
                      <ListItem key={project.project_id}>
                        <ListItemText
                          primary={project.name}
                          secondary={`Variance ${formatMoney(
                            variance,
                            project.currency ?? currency,
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
                      EAC {formatMoney(totals.eac, currency)} against a budget
                      at completion of{' '}
                      {formatMoney(totals.budgetAtCompletion, currency)}
                    </Typography>
                    <Typography data-testid="forecast-exhaustion">
                      {totals.firstExhaustion
                        ? `Budget runs out first on ${
                            totals.firstExhaustion.date
                          } (${
                            names.get(totals.firstExhaustion.projectId) ??
                            totals.firstExhaustion.projectId
                          })`
                        : 'No project runs out of budget at the current rate'}
                    </Typography>
                    <MoneyChart
                      variant="lines"
                      height={260}
                      currency={currency}
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
                {formatMoney(
                  sumMoney(summary.data.map(r => r.monthly_savings)),
                )}{' '}
                a month (
                {formatMoney(sumMoney(summary.data.map(r => r.annual_savings)))}{' '}
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
