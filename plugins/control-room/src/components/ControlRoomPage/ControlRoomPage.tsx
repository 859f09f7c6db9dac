import {
  Content,
  Header,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import { AdvisorTab } from '../AdvisorTab';
import { DataQualityTab } from '../DataQualityTab';
import { OverviewTab } from '../OverviewTab';
import { PipelinesTab } from '../PipelinesTab';
import { ProjectsTab } from '../ProjectsTab';
import { DateRangeProvider } from '../common';

/** The tabs of the page, shared by the legacy page and the /alpha sub-pages. */
export const CONTROL_ROOM_TABS = [
  { path: 'overview', title: 'Overview', element: <OverviewTab /> },
  { path: 'projects', title: 'Projects', element: <ProjectsTab /> },
  { path: 'pipelines', title: 'Pipelines', element: <PipelinesTab /> },
  { path: 'data-quality', title: 'Data Quality', element: <DataQualityTab /> },
  { path: 'advisor', title: 'Advisor', element: <AdvisorTab /> },
] as const;

/** The Control Room page of the legacy frontend system, one tab per view. */
export const ControlRoomPage = () => (
  <Page themeId="tool">
    <Header
      title="Control Room"
      subtitle="Project portfolio finance from Notion, next to Azure signals"
    />
    <Content>
      <DateRangeProvider>
        <TabbedLayout>
          {CONTROL_ROOM_TABS.map((tab, index) => (
            <TabbedLayout.Route
              key={tab.path}
              path={index === 0 ? '/' : `/${tab.path}`}
              title={tab.title}
            >
              {tab.element}
            </TabbedLayout.Route>
          ))}
        </TabbedLayout>
      </DateRangeProvider>
    </Content>
  </Page>
);
