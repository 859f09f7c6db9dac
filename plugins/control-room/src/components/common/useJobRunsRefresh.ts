import { useEffect, useState } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  CONTROL_ROOM_JOB_RUNS_CHANNEL,
  JobRunSignal,
} from '@finance-ppm/plugin-control-room-common';

/**
 * A number that changes each time the backend announces a finished job run.
 * Put it in a load's dependencies and the load runs again, so open tabs show
 * new data without a page reload. Stays 0 when the signals plugin is not
 * installed.
 */
export function useJobRunsRefresh(): number {
  const { lastSignal } = useSignal<JobRunSignal>(CONTROL_ROOM_JOB_RUNS_CHANNEL);
  const [runsSeen, setRunsSeen] = useState(0);
  useEffect(() => {
    if (lastSignal) {
      setRunsSeen(count => count + 1);
    }
  }, [lastSignal]);
  return runsSeen;
}
