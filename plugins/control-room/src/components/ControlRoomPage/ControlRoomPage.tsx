import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { HealthCard } from '../HealthCard';

/** The Control Room page: finance KPIs, pipelines, data quality and Advisor. */
export const ControlRoomPage = () => (
  <Page themeId="tool">
    <Header
      title="Control Room"
      subtitle="Project portfolio finance from Notion, next to Azure signals"
    />
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <HealthCard />
        </Grid>
      </Grid>
    </Content>
  </Page>
);
