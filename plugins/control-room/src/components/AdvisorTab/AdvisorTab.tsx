import { useState } from 'react';
import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
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
import { formatMoney, sumMoney, toChartNumber } from '../../lib/money';
import { ActionDialog } from '../ActionDialog';
import {
  AsyncContent,
  AZURE_CONFIG,
  Freshness,
  NoData,
  TabFrame,
  useJobRunsRefresh,
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
              {formatMoney(sumMoney(summary.data.map(r => r.monthly_savings)))}{' '}
              a month,{' '}
              {formatMoney(sumMoney(summary.data.map(r => r.annual_savings)))} a
              year
            </Typography>
            <ResponsiveContainer width="100%" height={280}>
              <BarChart data={savingsChartData(summary.data)}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="category" />
                <YAxis />
                <Tooltip />
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

/** The Advisor tab: savings chart, filtered recommendations, "Push to Notion". */
export const AdvisorTab = () => {
  const api = useApi(controlRoomApiRef);
  const [category, setCategory] = useState<AdvisorCategory | ''>('');
  const [impact, setImpact] = useState<AdvisorImpact | ''>('');
  const [hasAction, setHasAction] = useState<HasActionFilter>('');
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

  const columns: TableColumn<AdvisorRecommendation>[] = [
    { title: 'Category', field: 'category' },
    { title: 'Impact', field: 'impact' },
    { title: 'Problem', field: 'problem' },
    { title: 'Solution', field: 'solution' },
    { title: 'Project', field: 'project_id' },
    {
      title: 'Monthly savings',
      field: 'monthly_savings',
      type: 'numeric',
      render: r => formatMoney(r.monthly_savings, r.unit),
    },
    {
      title: 'Action',
      sorting: false,
      render: r => {
        const link = created[r.recommendation_id];
        if (link) {
          return <Link to={link}>Notion action</Link>;
        }
        if (r.has_action) {
          return (
            <Typography variant="body2">
              Action {r.action_id ?? 'exists'}
            </Typography>
          );
        }
        return (
          <Button size="small" color="primary" onClick={() => setPushing(r)}>
            Push to Notion
          </Button>
        );
      },
    },
  ];

  return (
    <TabFrame>
      <Grid item xs={12}>
        <SummaryCard />
      </Grid>
      <Grid item xs={12}>
        <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
          <FormControl size="small" style={{ minWidth: 180 }}>
            <InputLabel id="advisor-category">Category</InputLabel>
            <Select
              labelId="advisor-category"
              value={category}
              onChange={e =>
                setCategory(e.target.value as AdvisorCategory | '')
              }
            >
              <MenuItem value="">All</MenuItem>
              {ADVISOR_CATEGORIES.map(c => (
                <MenuItem key={c} value={c}>
                  {c}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl size="small" style={{ minWidth: 140 }}>
            <InputLabel id="advisor-impact">Impact</InputLabel>
            <Select
              labelId="advisor-impact"
              value={impact}
              onChange={e => setImpact(e.target.value as AdvisorImpact | '')}
            >
              <MenuItem value="">All</MenuItem>
              {ADVISOR_IMPACTS.map(i => (
                <MenuItem key={i} value={i}>
                  {i}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl size="small" style={{ minWidth: 140 }}>
            <InputLabel id="advisor-has-action">Action</InputLabel>
            <Select
              labelId="advisor-has-action"
              value={hasAction}
              onChange={e => setHasAction(e.target.value as HasActionFilter)}
            >
              <MenuItem value="">All</MenuItem>
              <MenuItem value="yes">With action</MenuItem>
              <MenuItem value="no">Without action</MenuItem>
            </Select>
          </FormControl>
        </Box>
        <AsyncContent title="Could not load the recommendations" {...state}>
          {recs => (
            <Table<AdvisorRecommendation>
              title={`Recommendations (${recs.data.length})`}
              options={{
                paging: true,
                pageSize: 10,
                search: true,
                padding: 'dense',
              }}
              columns={columns}
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
