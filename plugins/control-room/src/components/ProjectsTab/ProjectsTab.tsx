import { useMemo } from 'react';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import {
  PROJECT_HEALTHS,
  ProjectSummary,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import {
  compareMoney,
  formatMoney,
  latestForecasts,
  subtractMoney,
} from '../../lib/money';
import { fetchAllProjects } from '../../lib/paging';
import { fetchProjectEntityPaths } from '../../lib/catalogLinks';
import { csvExportMenu, CsvColumn, withCsvRow } from '../../lib/csv';
import { choicesOf, FilterToolbar } from '../FilterToolbar';
import {
  AsyncContent,
  effectiveRange,
  Freshness,
  HealthChip,
  NoData,
  NOTION_CONFIG,
  TabFrame,
  useDateRange,
  useJobRunsRefresh,
  moneyColumn,
  MONEY_CELL,
  usePhone,
  useUrlParam,
} from '../common';

export interface ProjectRow {
  id: string;
  project: ProjectSummary;
  programName: string;
  variance: string;
  eac?: string;
  /** Currency of the EAC, as the forecast states it. */
  eacUnit?: string;
  entityPath?: string;
}

const HEALTH_ORDER = { red: 0, amber: 1, green: 2 } as const;

const healthSort = (a: ProjectRow, b: ProjectRow) =>
  (a.project.health ? HEALTH_ORDER[a.project.health] : 3) -
  (b.project.health ? HEALTH_ORDER[b.project.health] : 3);

const projectName = (row: ProjectRow) =>
  row.entityPath ? (
    <Link to={row.entityPath}>{row.project.name}</Link>
  ) : (
    row.project.name
  );

/** The name, linked, with its program under it. */
const nameWithProgram = (row: ProjectRow) => (
  <>
    {projectName(row)}
    <Typography variant="caption" display="block" color="textSecondary">
      {row.programName}
    </Typography>
  </>
);

const columns: TableColumn<ProjectRow>[] = [
  {
    title: 'Project',
    field: 'project.name',
    highlight: true,
    cellStyle: { minWidth: 160 },
    render: nameWithProgram,
  },
  // Shown under the name; kept so the table's search finds programs too.
  { title: 'Program', field: 'programName', hidden: true, searchable: true },
  { title: 'Status', field: 'project.status' },
  {
    title: 'Health',
    field: 'project.health',
    customSort: healthSort,
    render: row => <HealthChip health={row.project.health} />,
  },
  moneyColumn({
    title: 'Budget',
    field: 'project.budget',
    customSort: (a, b) => compareMoney(a.project.budget, b.project.budget),
    render: row => formatMoney(row.project.budget, row.project.unit),
  }),

  moneyColumn({
    title: 'Actual',
    field: 'project.actual',
    customSort: (a, b) => compareMoney(a.project.actual, b.project.actual),
    render: row => formatMoney(row.project.actual, row.project.unit),
  }),

  moneyColumn({
    title: 'Cloud actual',
    field: 'project.cloud_actual',
    customSort: (a, b) =>
      compareMoney(a.project.cloud_actual, b.project.cloud_actual),
    render: row =>
      formatMoney(row.project.cloud_actual, row.project.cloud_actual_unit),
  }),

  moneyColumn({
    title: 'Variance',
    field: 'variance',
    customSort: (a, b) => compareMoney(a.variance, b.variance),
    render: row => formatMoney(row.variance, row.project.unit),
  }),

  moneyColumn({
    title: 'EAC',
    field: 'eac',
    customSort: (a, b) => compareMoney(a.eac, b.eac),
    render: row => (row.eac ? formatMoney(row.eac, row.eacUnit) : '–'),
  }),
];

/**
 * On a phone two columns: the name with its program and health, and the
 * money stacked, so nothing is clipped at 375 px.
 */
const phoneColumns: TableColumn<ProjectRow>[] = [
  {
    title: 'Project',
    field: 'project.name',
    customSort: healthSort,
    render: row => (
      <>
        {nameWithProgram(row)}
        <HealthChip health={row.project.health} />
      </>
    ),
  },
  {
    title: 'Budget / actual',
    field: 'project.budget',
    type: 'numeric',
    customSort: (a, b) => compareMoney(a.project.budget, b.project.budget),
    render: row => (
      <>
        <span style={MONEY_CELL}>
          {formatMoney(row.project.budget, row.project.unit)}
        </span>
        <br />
        <span style={MONEY_CELL}>
          {formatMoney(row.project.actual, row.project.unit)}
        </span>
      </>
    ),
  },
];

const csvColumns: CsvColumn<ProjectRow>[] = [
  { title: 'Project', value: r => r.project.name },
  { title: 'Program', value: r => r.programName },
  { title: 'Status', value: r => r.project.status },
  { title: 'Health', value: r => r.project.health },
  { title: 'Budget', value: r => r.project.budget },
  { title: 'Actual', value: r => r.project.actual },
  { title: 'Variance', value: r => r.variance },
  { title: 'Currency', value: r => r.project.unit },
  { title: 'EAC', value: r => r.eac },
  { title: 'EAC currency', value: r => r.eac && r.eacUnit },
  { title: 'Start', value: r => r.project.start_date },
  { title: 'End', value: r => r.project.end_date },
];

/** Projects that run at some point inside the range. */
function overlaps(
  project: ProjectSummary,
  from?: string,
  to?: string,
): boolean {
  return (
    (!to || !project.start_date || project.start_date <= to) &&
    (!from || !project.end_date || project.end_date >= from)
  );
}

/** The Projects tab: every project with its figures, linked to the catalog. */
export const ProjectsTab = () => {
  const api = useApi(controlRoomApiRef);
  const catalogApi = useApi(catalogApiRef);
  const phone = usePhone();
  const { range } = useDateRange();
  const { from, to } = effectiveRange(range);
  const [program, setProgram] = useUrlParam('program');
  const [status, setStatus] = useUrlParam('status');
  const [health, setHealth] = useUrlParam('health');
  const liveKey = useJobRunsRefresh();

  const state = useAsync(async () => {
    const [projects, programs, forecast, paths] = await Promise.all([
      fetchAllProjects(api),
      api.listPrograms(),
      api.getForecast(),
      fetchProjectEntityPaths(catalogApi),
    ]);
    return { projects, programs, forecast, paths };
  }, [api, catalogApi, liveKey]);

  const rows = useMemo(() => {
    if (!state.value) {
      return [];
    }
    const { projects, programs, forecast, paths } = state.value;
    const programNames = new Map(
      programs.data.map(p => [p.program_id, p.name]),
    );
    const forecasts = latestForecasts(forecast.data);
    return projects.data.map(
      (project): ProjectRow => ({
        id: project.project_id,
        project,
        programName: project.program_id
          ? programNames.get(project.program_id) ?? 'Unknown program'
          : 'unassigned',
        variance: subtractMoney(project.budget, project.actual),
        eac: forecasts.get(project.project_id)?.eac,
        eacUnit: forecasts.get(project.project_id)?.unit,
        entityPath: paths.get(project.project_id),
      }),
    );
  }, [state.value]);

  const visible = rows.filter(
    row =>
      overlaps(row.project, from, to) &&
      (!program || row.programName === program) &&
      (!status || row.project.status === status) &&
      (!health || row.project.health === health),
  );
  const distinct = (values: Array<string | undefined>) =>
    choicesOf([...new Set(values.filter((v): v is string => !!v))].sort());

  return (
    <TabFrame>
      <Grid item xs={12}>
        <AsyncContent title="Could not load the projects" {...state}>
          {value =>
            value.projects.data.length === 0 ? (
              <NoData title="No projects yet" config={NOTION_CONFIG} />
            ) : (
              <>
                <FilterToolbar
                  filters={[
                    {
                      id: 'filter-Program',
                      label: 'Program',
                      value: program,
                      onChange: setProgram,
                      choices: distinct(rows.map(r => r.programName)),
                    },
                    {
                      id: 'filter-Status',
                      label: 'Status',
                      value: status,
                      onChange: setStatus,
                      choices: distinct(rows.map(r => r.project.status)),
                    },
                    {
                      id: 'filter-Health',
                      label: 'Health',
                      value: health,
                      onChange: setHealth,
                      choices: choicesOf(PROJECT_HEALTHS),
                    },
                  ]}
                />
                <Table<ProjectRow>
                  title={`Projects (${visible.length})`}
                  options={{
                    search: true,
                    paging: true,
                    pageSize: 10,
                    pageSizeOptions: [10, 25, 50],
                    padding: 'dense',
                    exportMenu: csvExportMenu('projects.csv', csvColumns),
                  }}
                  columns={withCsvRow(phone ? phoneColumns : columns)}
                  data={visible}
                  emptyContent={
                    <NoData title="No project matches the filters" />
                  }
                />
                <Freshness
                  asOf={
                    [value.projects.as_of, value.forecast.as_of].filter(
                      Boolean,
                    ) as string[]
                  }
                />
              </>
            )
          }
        </AsyncContent>
      </Grid>
    </TabFrame>
  );
};
