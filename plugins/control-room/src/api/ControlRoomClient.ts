import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CONTROL_ROOM_PLUGIN_ID,
  HealthResponse,
} from '@finance-ppm/plugin-control-room-common';
import { ControlRoomApi } from './ControlRoomApi';

/**
 * Calls `/api/control-room` through the app's discovery and fetch APIs, so
 * the user's Backstage token goes along.
 *
 * @public
 */
export class ControlRoomClient implements ControlRoomApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<HealthResponse> {
    return this.get<HealthResponse>('/health');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(CONTROL_ROOM_PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
