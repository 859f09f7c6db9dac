import { useMemo, useState } from 'react';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import FormControl from '@material-ui/core/FormControl';
import Grid from '@material-ui/core/Grid';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Box from '@material-ui/core/Box';
import useAsync from 'react-use/esm/useAsync';
import {
  NOTION_PROJECT_ID_ANNOTATION,
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
import { projectEntityPaths } from '../../lib/catalogLinks';
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
} from '../common';

export interface ProjectRow {
  id: string;
  project: ProjectSummary;
  programName: string;
  variance: string;
  eac?: string;
  entityPath?: string;
}

const HEALTH_ORDER = { red: 0, amber: 1, green: 2 } as const;

const columns: TableColumn<ProjectRow>[] = [
  {
    title: 'Project',
    field: 'project.name',
    highlight: true,
    render: row =>
      row.entityPath ? (
        <Link to={row.entityPath}>{row.project.name}</Link>
      ) : (
        row.project.name
      ),
  },
  { title: 'Program', field: 'programName' },
  { title: 'Status', field: 'project.status' },
  {
    title: 'Health',
    field: 'project.health',
    customSort: (a, b) =>
      (a.project.health ? HEALTH_ORDER[a.project.health] : 3) -
      (b.project.health ? HEALTH_ORDER[b.project.health] : 3),
    render: row => <HealthChip health={row.project.health} />,
  },
  {
    title: 'Budget',
    field: 'project.budget',
    type: 'numeric',
    customSort: (a, b) => compareMoney(a.project.budget, b.project.budget),
    render: row => formatMoney(row.project.budget, row.project.currency),
  },
  {
    title: 'Actual',
    field: 'project.actual',
    type: 'numeric',
    customSort: (a, b) => compareMoney(a.project.actual, b.project.actual),
    render: row => formatMoney(row.project.actual, row.project.currency),
  },
  {
    title: 'Cloud actual',
    field: 'project.cloud_actual',
    type: 'numeric',
    customSort: (a, b) =>
      compareMoney(a.project.cloud_actual, b.project.cloud_actual),
    render: row =>
      formatMoney(row.project.cloud_actual, row.project.cloud_actual_unit),
  },
  {
    title: 'Variance',
    field: 'variance',
    type: 'numeric',
    customSort: (a, b) => compareMoney(a.variance, b.variance),
    render: row => formatMoney(row.variance, row.project.currency),
  },
  {
    title: 'EAC',
    field: 'eac',
    type: 'numeric',
    customSort: (a, b) => compareMoney(a.eac, b.eac),
    render: row => (row.eac ? formatMoney(row.eac, row.project.currency) : '–'),
  },
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

const FilterSelect = (props: {
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange(value: string): void;
}) => (
  <FormControl size="small" style={{ minWidth: 160 }}>
    <InputLabel id={`filter-${props.label}`}>{props.label}</InputLabel>
    <Select
      labelId={`filter-${props.label}`}
      value={props.value}
      onChange={e => props.onChange(String(e.target.value))}
    >
      <MenuItem value="">All</MenuItem>
      {props.options.map(([value, label]) => (
        <MenuItem key={value} value={value}>
          {label}
        </MenuItem>
      ))}
    </Select>
  </FormControl>
);

/** The Projects tab: every project with its figures, linked to the catalog. */
export const ProjectsTab = () => {
  const api = useApi(controlRoomApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { range } = useDateRange();
  const { from, to } = effectiveRange(range);
  const [program, setProgram] = useState('');
  const [status, setStatus] = useState('');
  const [health, setHealth] = useState('');
  const liveKey = useJobRunsRefresh();

  const state = useAsync(async () => {
    const [projects, programs, forecast, entities] = await Promise.all([
      fetchAllProjects(api),
      api.listPrograms(),
      api.getForecast(),
      // Links are a convenience: without the catalog the table still works.
      catalogApi
        .getEntities({
          filter: {
            [`metadata.annotations.${NOTION_PROJECT_ID_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
            'spec.type',
          ],
        })
        .then(r => r.items)
        .catch(() => []),
    ]);
    return { projects, programs, forecast, entities };
  }, [api, catalogApi, liveKey]);

  const rows = useMemo(() => {
    if (!state.value) {
      return [];
    }
    const { projects, programs, forecast, entities } = state.value;
    const programNames = new Map(
      programs.data.map(p => [p.program_id, p.name]),
    );
    const forecasts = latestForecasts(forecast.data);
    const paths = projectEntityPaths(entities);
    return projects.data.map(
      (project): ProjectRow => ({
        id: project.project_id,
        project,
        programName: project.program_id
          ? programNames.get(project.program_id) ?? project.program_id
          : 'unassigned',
        variance: subtractMoney(project.budget, project.actual),
        eac: forecasts.get(project.project_id)?.eac,
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
    [...new Set(values.filter((v): v is string => !!v))]
      .sort()
      .map(v => [v, v] as [string, string]);

  return (
    <TabFrame>
      <Grid item xs={12}>
        <AsyncContent title="Could not load the projects" {...state}>
          {value =>
            value.projects.data.length === 0 ? (
              <NoData title="No projects yet" config={NOTION_CONFIG} />
            ) : (
              <>
                <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={2}>
                  <FilterSelect
                    label="Program"
                    value={program}
                    onChange={setProgram}
                    options={distinct(rows.map(r => r.programName))}
                  />
                  <FilterSelect
                    label="Status"
                    value={status}
                    onChange={setStatus}
                    options={distinct(rows.map(r => r.project.status))}
                  />
                  <FilterSelect
                    label="Health"
                    value={health}
                    onChange={setHealth}
                    options={PROJECT_HEALTHS.map(h => [h, h])}
                  />
                </Box>
                <Table<ProjectRow>
                  title={`Projects (${visible.length})`}
                  options={{
                    search: true,
                    paging: true,
                    pageSize: 10,
                    pageSizeOptions: [10, 25, 50],
                    padding: 'dense',
                  }}
                  columns={columns}
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
