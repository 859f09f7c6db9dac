import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A filter kept in the URL's query string, so a filtered view can be shared
 * as a link. An empty value removes the parameter; history is not grown.
 */
export function useUrlParam(key: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const setValue = useCallback(
    (value: string) =>
      setParams(
        current => {
          const updated = new URLSearchParams(current);
          if (value) {
            updated.set(key, value);
          } else {
            updated.delete(key);
          }
          return updated;
        },
        { replace: true },
      ),
    [key, setParams],
  );
  return [params.get(key) ?? '', setValue];
}
