import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { controlRoomApiRef } from '../../api';
import { useJobRunsRefresh } from '../common';

/** Shows whether the backend and its lakehouse answer, and on which engine. */
export const HealthCard = () => {
  const api = useApi(controlRoomApiRef);
  const liveKey = useJobRunsRefresh();
  const { value, loading, error } = useAsync(
    () => api.getHealth(),
    [api, liveKey],
  );

  if (loading && !value) {
    return <Progress />;
  }
  if (error) {
    return (
      <ResponseErrorPanel
        title="Control Room backend unreachable"
        error={error}
      />
    );
  }
  if (!value) {
    return null;
  }
  const status =
    value.status === 'ok' ? (
      <StatusOK>Healthy</StatusOK>
    ) : (
      <StatusError>
        Degraded{value.message ? `: ${value.message}` : ''}
      </StatusError>
    );
  return (
    <InfoCard title="Backend health">
      <StructuredMetadataTable
        metadata={{
          status,
          engine: value.engine,
          'checked at': new Date(value.checked_at).toLocaleString(),
        }}
      />
    </InfoCard>
  );
};
