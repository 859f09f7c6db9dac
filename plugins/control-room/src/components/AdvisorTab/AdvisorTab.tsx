import { useState } from 'react';
import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  ADVISOR_CATEGORIES,
  ADVISOR_IMPACTS,
  AdvisorCategory,
  AdvisorImpact,
  AdvisorRecommendation,
  AdvisorSummaryResponse,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import {
  compareMoney,
  formatAmounts,
  formatMoney,
  sumByUnit,
  toChartNumber,
} from '../../lib/money';
import { csvExportMenu, CsvColumn, withCsvRow } from '../../lib/csv';
import { ActionDialog } from '../ActionDialog';
import { choicesOf, FilterToolbar } from '../FilterToolbar';
import {
  AsyncContent,
  AZURE_CONFIG,
  compactTick,
  Freshness,
  NoData,
  ProjectLink,
  TabFrame,
  useJobRunsRefresh,
  useProjectEntityPaths,
  moneyColumn,
  MONEY_CELL,
  usePhone,
  useUrlParam,
} from '../common';

const IMPACT_COLOURS: Record<string, string> = {
  High: '#d32f2f',
  Medium: '#ed6c02',
  Low: '#1976d2',
};

/** Monthly savings per category with one series per impact. */
export function savingsChartData(summary: AdvisorSummaryResponse['data']) {
  const byCategory = new Map<string, Record<string, number | string>>();
  for (const row of summary) {
    const entry = byCategory.get(row.category) ?? { category: row.category };
    entry[row.impact] =
      Number(entry[row.impact] ?? 0) + toChartNumber(row.monthly_savings);
    byCategory.set(row.category, entry);
  }
  return [...byCategory.values()];
}

const SummaryCard = () => {
  const api = useApi(controlRoomApiRef);
  const phone = usePhone();
  const liveKey = useJobRunsRefresh();
  const state = useAsync(() => api.getAdvisorSummary(), [api, liveKey]);
  return (
    <AsyncContent title="Could not load the Advisor summary" {...state}>
      {summary =>
        summary.data.length === 0 ? (
          <NoData
            title="No Advisor recommendations yet"
            config={AZURE_CONFIG}
          />
        ) : (
          <InfoCard title="Savings by category and impact">
            <Typography data-testid="advisor-summary-total">
              {formatAmounts(
                sumByUnit(
                  summary.data.map(r => ({
                    value: r.monthly_savings,
                    unit: r.unit,
                  })),
                ),
              )}{' '}
              a month,{' '}
              {formatAmounts(
                sumByUnit(
                  summary.data.map(r => ({
                    value: r.annual_savings,
                    unit: r.unit,
                  })),
                ),
              )}{' '}
              a year
            </Typography>
            <ResponsiveContainer width="100%" height={280}>
              {/* On a phone the bars lie down: category names then stand
                  one under the other, each in full, instead of crowding
                  (and dropping) each other along a 300 px axis. */}
              <BarChart
                data={savingsChartData(summary.data)}
                layout={phone ? 'vertical' : 'horizontal'}
              >
                <CartesianGrid strokeDasharray="3 3" />
                {phone ? (
                  <XAxis type="number" tickFormatter={compactTick} />
                ) : (
                  <XAxis dataKey="category" />
                )}
                {phone ? (
                  <YAxis
                    type="category"
                    dataKey="category"
                    width="auto"
                    interval={0}
                  />
                ) : (
                  <YAxis tickFormatter={compactTick} />
                )}
                <Tooltip
                  formatter={(v: any) =>
                    formatMoney(String(v), summary.data[0]?.unit)
                  }
                />
                <Legend />
                {ADVISOR_IMPACTS.map(impact => (
                  <Bar
                    key={impact}
                    dataKey={impact}
                    stackId="impact"
                    fill={IMPACT_COLOURS[impact]}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
            <Freshness asOf={summary.as_of ? [summary.as_of] : []} />
          </InfoCard>
        )
      }
    </AsyncContent>
  );
};

type HasActionFilter = '' | 'yes' | 'no';

const csvColumns: CsvColumn<AdvisorRecommendation>[] = [
  { title: 'Category', value: r => r.category },
  { title: 'Impact', value: r => r.impact },
  { title: 'Problem', value: r => r.problem },
  { title: 'Solution', value: r => r.solution },
  { title: 'Project', value: r => r.project_name },
  { title: 'Monthly savings', value: r => r.monthly_savings },
  { title: 'Annual savings', value: r => r.annual_savings },
  { title: 'Currency', value: r => r.unit },
  { title: 'Action', value: r => r.action_title },
  { title: 'Action link', value: r => r.action_url },
];

/** The Advisor tab: savings chart, filtered recommendations, "Push to Notion". */
export const AdvisorTab = () => {
  const api = useApi(controlRoomApiRef);
  const phone = usePhone();
  const paths = useProjectEntityPaths();
  const [categoryParam, setCategory] = useUrlParam('category');
  const [impactParam, setImpact] = useUrlParam('impact');
  const [hasActionParam, setHasAction] = useUrlParam('action');
  // Only known values from the URL reach the API.
  const category = (ADVISOR_CATEGORIES as readonly string[]).includes(
    categoryParam,
  )
    ? (categoryParam as AdvisorCategory)
    : '';
  const impact = (ADVISOR_IMPACTS as readonly string[]).includes(impactParam)
    ? (impactParam as AdvisorImpact)
    : '';
  const hasAction: HasActionFilter =
    hasActionParam === 'yes' || hasActionParam === 'no' ? hasActionParam : '';
  const [pushing, setPushing] = useState<AdvisorRecommendation>();
  // Actions created in this session, shown before the next sync brings them in.
  const [created, setCreated] = useState<Record<string, string>>({});
  const liveKey = useJobRunsRefresh();

  const state = useAsync(
    () =>
      api.listAdvisorRecommendations({
        category: category || undefined,
        impact: impact || undefined,
        has_action: hasAction === '' ? undefined : hasAction === 'yes',
        limit: 500,
      }),
    [api, category, impact, hasAction, liveKey],
  );

  const renderAction = (r: AdvisorRecommendation) => {
    const link = created[r.recommendation_id];
    if (link) {
      return <Link to={link}>Notion action</Link>;
    }
    if (r.has_action) {
      const title = r.action_title ?? 'Notion action';
      return r.action_url ? (
        <Link to={r.action_url}>{title}</Link>
      ) : (
        <Typography variant="body2">{title}</Typography>
      );
    }
    return (
      <Button size="small" color="primary" onClick={() => setPushing(r)}>
        Push to Notion
      </Button>
    );
  };
  const renderProject = (r: AdvisorRecommendation) =>
    r.project_id ? (
      <ProjectLink
        projectId={r.project_id}
        name={r.project_name}
        paths={paths}
      />
    ) : (
      'No project'
    );
  const savings = (r: AdvisorRecommendation) =>
    r.monthly_savings === undefined
      ? '–'
      : formatMoney(r.monthly_savings, r.unit);

  const columns: TableColumn<AdvisorRecommendation>[] = [
    { title: 'Category', field: 'category' },
    { title: 'Impact', field: 'impact' },
    { title: 'Problem', field: 'problem' },
    { title: 'Solution', field: 'solution' },
    { title: 'Project', field: 'project_name', render: renderProject },
    moneyColumn({
      title: 'Monthly savings',
      field: 'monthly_savings',
      customSort: (a, b) => compareMoney(a.monthly_savings, b.monthly_savings),
      render: savings,
    }),
    { title: 'Action', sorting: false, render: renderAction },
  ];
  // On a phone two columns fit 375 px: what and where, then the savings
  // with the action under them.
  const phoneColumns: TableColumn<AdvisorRecommendation>[] = [
    {
      title: 'Recommendation',
      field: 'solution',
      render: r => (
        <>
          <Typography variant="body2">
            {r.solution ?? r.problem ?? r.category}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {r.impact} {r.category} · {renderProject(r)}
          </Typography>
        </>
      ),
    },
    {
      title: 'Savings a month',
      field: 'monthly_savings',
      type: 'numeric',
      customSort: (a, b) => compareMoney(a.monthly_savings, b.monthly_savings),
      render: r => (
        <>
          <span style={MONEY_CELL}>{savings(r)}</span>
          <Box mt={0.5}>{renderAction(r)}</Box>
        </>
      ),
    },
  ];

  return (
    <TabFrame>
      <Grid item xs={12}>
        <SummaryCard />
      </Grid>
      <Grid item xs={12}>
        <FilterToolbar
          filters={[
            {
              id: 'advisor-category',
              label: 'Category',
              value: category,
              onChange: setCategory,
              minWidth: 180,
              choices: choicesOf(ADVISOR_CATEGORIES),
            },
            {
              id: 'advisor-impact',
              label: 'Impact',
              value: impact,
              onChange: setImpact,
              minWidth: 140,
              choices: choicesOf(ADVISOR_IMPACTS),
            },
            {
              id: 'advisor-has-action',
              label: 'Action',
              value: hasAction,
              onChange: setHasAction,
              minWidth: 140,
              choices: [
                { value: 'yes', label: 'With action' },
                { value: 'no', label: 'Without action' },
              ],
            },
          ]}
        />
        <AsyncContent title="Could not load the recommendations" {...state}>
          {recs => (
            <Table<AdvisorRecommendation>
              title={`Recommendations (${recs.data.length})`}
              options={{
                paging: true,
                pageSize: 10,
                search: true,
                padding: 'dense',
                exportMenu: csvExportMenu(
                  'advisor-recommendations.csv',
                  csvColumns,
                ),
              }}
              columns={withCsvRow(phone ? phoneColumns : columns)}
              data={recs.data.map(r => ({ ...r, id: r.recommendation_id }))}
              emptyContent={
                category || impact || hasAction ? (
                  <NoData title="No recommendation matches the filters" />
                ) : (
                  <NoData
                    title="No Advisor recommendations yet"
                    config={AZURE_CONFIG}
                  />
                )
              }
            />
          )}
        </AsyncContent>
      </Grid>
      {pushing && (
        <ActionDialog
          open
          source="advisor"
          sourceId={pushing.recommendation_id}
          projectId={pushing.project_id}
          projectName={pushing.project_name}
          defaultTitle={pushing.solution ?? pushing.problem ?? ''}
          onClose={() => setPushing(undefined)}
          onCreated={answer =>
            setCreated(current => ({
              ...current,
              [pushing.recommendation_id]: answer.notion_url,
            }))
          }
        />
      )}
    </TabFrame>
  );
};
