import { http, HttpResponse } from 'msw';

export const ACTIONS_DATA_SOURCE = 'ds-actions';

export interface StoredPage {
  id: string;
  url: string;
  properties: Record<string, any>;
}

/** The two Notion endpoints the store calls, over an in-memory page list. */
export function notionActionsHandlers(pages: StoredPage[]) {
  const textOf = (property: any) =>
    (property?.rich_text ?? []).map((t: any) => t.text.content).join('');
  return [
    http.post(
      `https://api.notion.com/v1/data_sources/${ACTIONS_DATA_SOURCE}/query`,
      async ({ request }) => {
        const body = (await request.json()) as any;
        const [sourceFilter, idFilter] = body.filter.and;
        const results = pages.filter(
          page =>
            page.properties[sourceFilter.property]?.select?.name ===
              sourceFilter.select.equals &&
            textOf(page.properties[idFilter.property]) ===
              idFilter.rich_text.equals,
        );
        return HttpResponse.json({
          object: 'list',
          results: results.map(({ id, url }) => ({ object: 'page', id, url })),
          next_cursor: null,
          has_more: false,
          type: 'page_or_data_source',
          page_or_data_source: {},
        });
      },
    ),
    http.post('https://api.notion.com/v1/pages', async ({ request }) => {
      const body = (await request.json()) as any;
      if (body.parent?.data_source_id !== ACTIONS_DATA_SOURCE) {
        return HttpResponse.json(
          {
            object: 'error',
            status: 404,
            code: 'object_not_found',
            message: 'no such parent',
          },
          { status: 404 },
        );
      }
      const id = `00000000-0000-0000-0000-${String(pages.length + 1).padStart(
        12,
        '0',
      )}`;
      const page = {
        id,
        url: `https://www.notion.so/${id.replace(/-/g, '')}`,
        properties: body.properties,
      };
      pages.push(page);
      return HttpResponse.json({
        object: 'page',
        id,
        url: page.url,
        properties: body.properties,
      });
    }),
  ];
}
