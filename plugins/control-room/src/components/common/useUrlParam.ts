import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A filter kept in the URL's query string, so a filtered view can be shared
 * as a link. An empty value removes the parameter; history is not grown.
 */
export function useUrlParam(key: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const current = params.get(key) ?? '';
  const setValue = useCallback(
    (value: string) => {
      // Setting the value it has would still navigate; callers that mirror
      // state into the URL on every render rely on this being a no-op.
      if (value === current) {
        return;
      }
      setParams(
        previous => {
          const updated = new URLSearchParams(previous);
          if (value) {
            updated.set(key, value);
          } else {
            updated.delete(key);
          }
          return updated;
        },
        { replace: true },
      );
    },
    [key, current, setParams],
  );
  return [current, setValue];
}
