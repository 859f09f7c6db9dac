import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { useSearchParams } from 'react-router-dom';
import TextField from '@material-ui/core/TextField';
import Box from '@material-ui/core/Box';

/** An inclusive range of ISO dates; an open end means the API's default. */
export interface DateRange {
  from?: string;
  to?: string;
}

interface DateRangeState {
  range: DateRange;
  setRange(range: DateRange): void;
}

const DateRangeContext = createContext<DateRangeState | undefined>(undefined);

const STORAGE_KEY = 'control-room.date-range';

function readStoredRange(): DateRange {
  try {
    const stored = JSON.parse(
      window.sessionStorage.getItem(STORAGE_KEY) ?? '{}',
    );
    return { from: stored.from || undefined, to: stored.to || undefined };
  } catch {
    return {};
  }
}

/**
 * Holds the range every tab reads. It is mirrored into the URL
 * (`?from=&to=`) so a link keeps it, and into session storage so the
 * sub-pages of the new frontend system, which mount one at a time, start
 * from the range the user last chose.
 */
export const DateRangeProvider = ({ children }: { children: ReactNode }) => {
  const [params, setParams] = useSearchParams();
  const [range, setRangeState] = useState<DateRange>(() => {
    const fromUrl = {
      from: params.get('from') ?? undefined,
      to: params.get('to') ?? undefined,
    };
    return fromUrl.from || fromUrl.to ? fromUrl : readStoredRange();
  });
  const setRange = useCallback(
    (next: DateRange) => {
      setRangeState(next);
      try {
        window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        // Storage can be disabled; the range still applies to this page.
      }
      setParams(
        current => {
          const updated = new URLSearchParams(current);
          for (const key of ['from', 'to'] as const) {
            if (next[key]) {
              updated.set(key, next[key]!);
            } else {
              updated.delete(key);
            }
          }
          return updated;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const value = useMemo(() => ({ range, setRange }), [range, setRange]);
  return (
    <DateRangeContext.Provider value={value}>
      {children}
    </DateRangeContext.Provider>
  );
};

export function useDateRange(): DateRangeState {
  const state = useContext(DateRangeContext);
  if (!state) {
    throw new Error('useDateRange must be used inside a DateRangeProvider');
  }
  return state;
}

/** Two date inputs; an invalid order is shown and not applied. */
export const DateRangeControl = () => {
  const { range, setRange } = useDateRange();
  const invalid = !!(range.from && range.to && range.from > range.to);
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 16 }}
      role="group"
      aria-label="Date range"
    >
      <TextField
        id="control-room-from"
        label="From"
        type="date"
        size="small"
        InputLabelProps={{ shrink: true }}
        value={range.from ?? ''}
        onChange={e =>
          setRange({ ...range, from: e.target.value || undefined })
        }
      />
      <TextField
        id="control-room-to"
        label="To"
        type="date"
        size="small"
        InputLabelProps={{ shrink: true }}
        value={range.to ?? ''}
        error={invalid}
        helperText={invalid ? 'To must not precede From' : undefined}
        onChange={e => setRange({ ...range, to: e.target.value || undefined })}
      />
    </Box>
  );
};

/** The range to send: an inverted range is not sent at all. */
export function effectiveRange(range: DateRange): DateRange {
  if (range.from && range.to && range.from > range.to) {
    return {};
  }
  return range;
}
