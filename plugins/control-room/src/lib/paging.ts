import type {
  ControlRoomApiCalls,
  ProjectsResponse,
} from '@finance-ppm/plugin-control-room-common';

/** Largest page the API serves. */
const PAGE_SIZE = 500;

/** Follows `next_cursor` until every project is read; the table pages locally. */
export async function fetchAllProjects(
  api: Pick<ControlRoomApiCalls, 'listProjects'>,
): Promise<ProjectsResponse> {
  const data: ProjectsResponse['data'] = [];
  let cursor: string | undefined;
  let asOf: string | undefined;
  do {
    const page = await api.listProjects({ limit: PAGE_SIZE, cursor });
    data.push(...page.data);
    asOf = asOf ?? page.as_of;
    cursor = page.next_cursor;
  } while (cursor);
  return { data, as_of: asOf };
}
