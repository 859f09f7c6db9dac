import { InfoCard, Link, Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import {
  AZURE_RESOURCE_ID_ANNOTATION,
  ProjectCloudCostsResponse,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import { formatMoney } from '../../lib/money';
import { resourceEntityLinks } from '../../lib/resourceLinks';
import {
  AsyncContent,
  AZURE_CONFIG,
  chosenColumns,
  moneyColumn,
  MONEY_CELL,
  NoData,
  useJobRunsRefresh,
  usePhone,
} from '../common';

type MonthRow = ProjectCloudCostsResponse['months'][number] & {
  id: string;
  month: string;
};

type ResourceRow = ProjectCloudCostsResponse['resources'][number] & {
  id: string;
  label: string;
};

/**
 * The project's Azure spend by month (beside the Notion actual) and its
 * top resources, each linked to its catalog entity when there is one.
 */
export const CloudSpendCard = ({ projectId }: { projectId: string }) => {
  const phone = usePhone();
  const api = useApi(controlRoomApiRef);
  const catalogApi = useApi(catalogApiRef);
  const liveKey = useJobRunsRefresh();
  const state = useAsync(async () => {
    const [costs, entities] = await Promise.all([
      api.getProjectCloudCosts(projectId),
      // Links are a convenience: without the catalog the figures still show.
      catalogApi
        .getEntities({
          filter: {
            kind: 'Resource',
            [`metadata.annotations.${AZURE_RESOURCE_ID_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'metadata.annotations',
          ],
        })
        .then(r => r.items)
        .catch(() => []),
    ]);
    return { costs, links: resourceEntityLinks(entities) };
  }, [api, catalogApi, projectId, liveKey]);
  return (
    <AsyncContent title="Could not load the project's cloud spend" {...state}>
      {({ costs, links }) =>
        costs.months.length === 0 && costs.resources.length === 0 ? (
          <Grid item xs={12}>
            <InfoCard title="Cloud spend">
              <NoData
                title="No Azure cost data for this project"
                config={AZURE_CONFIG}
              />
            </InfoCard>
          </Grid>
        ) : (
          <>
            <Grid item xs={12} md={6}>
              <InfoCard title="Cloud spend by month">
                <Typography data-testid="cloud-total" gutterBottom>
                  Cloud actual {formatMoney(costs.total, costs.unit)}
                  {costs.unconverted_rows
                    ? `; ${costs.unconverted_rows} cost row(s) in a currency without a configured rate are left out`
                    : ''}
                </Typography>
                <Table
                  options={{ paging: false, search: false, padding: 'dense' }}
                  columns={chosenColumns<MonthRow>(
                    [
                      { title: 'Month', field: 'month' },
                      moneyColumn<MonthRow>({
                        title: 'Cloud actual',
                        field: 'cloud_actual',
                        render: m => formatMoney(m.cloud_actual, m.unit),
                      }),
                      moneyColumn<MonthRow>({
                        title: 'Notion actual',
                        field: 'actual',
                        render: m => formatMoney(m.actual, m.unit),
                      }),
                      {
                        title: 'Cloud / Notion actual',
                        field: 'cloud_actual',
                        type: 'numeric',
                        render: m => (
                          <>
                            <span style={MONEY_CELL}>
                              {formatMoney(m.cloud_actual, m.unit)}
                            </span>
                            <br />
                            <span style={MONEY_CELL}>
                              {formatMoney(m.actual, m.unit)}
                            </span>
                          </>
                        ),
                      },
                    ],
                    phone,
                    ['Month', 'Cloud / Notion actual'],
                  ).filter(
                    // The stacked column is for phones only.
                    c => phone || c.title !== 'Cloud / Notion actual',
                  )}
                  data={costs.months.map(m => ({
                    ...m,
                    id: m.period,
                    month: m.period.slice(0, 7),
                  }))}
                />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Top resources by cloud spend">
                <Table
                  options={{ paging: false, search: false, padding: 'dense' }}
                  columns={chosenColumns<ResourceRow>(
                    [
                      {
                        title: 'Resource',
                        field: 'label',
                        render: r => {
                          const link = links.get(r.resource_id);
                          return link ? (
                            <Link to={link.path}>{link.title}</Link>
                          ) : (
                            r.label
                          );
                        },
                      },
                      { title: 'Type', field: 'type' },
                      moneyColumn({
                        title: 'Cloud actual',
                        field: 'cloud_actual',
                        render: r => formatMoney(r.cloud_actual, r.unit),
                      }),
                    ],
                    phone,
                    ['Resource', 'Cloud actual'],
                  )}
                  data={costs.resources.map(r => ({
                    ...r,
                    id: r.resource_id,
                    label: r.name ?? r.resource_id,
                  }))}
                />
              </InfoCard>
            </Grid>
          </>
        )
      }
    </AsyncContent>
  );
};
