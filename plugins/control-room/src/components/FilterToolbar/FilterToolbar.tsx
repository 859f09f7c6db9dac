import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { ExportCsvButton, ExportCsvButtonProps } from '../common';

/** One choice of a filter: the value it keeps and the text it shows. */
export interface FilterChoice {
  value: string;
  label: string;
}

export interface FilterSelectProps {
  /** Ties the label to the select; unique on the page. */
  id: string;
  label: string;
  value: string;
  choices: FilterChoice[];
  onChange(value: string): void;
  /** Offers "All" (the empty value) first; false where a choice is required. */
  all?: boolean;
  minWidth?: number;
}

/** A dropdown filter of a list or table. */
export const FilterSelect = ({
  id,
  label,
  value,
  choices,
  onChange,
  all = true,
  minWidth = 160,
}: FilterSelectProps) => (
  <FormControl size="small" style={{ minWidth }}>
    <InputLabel id={id}>{label}</InputLabel>
    <Select
      labelId={id}
      value={value}
      onChange={e => onChange(String(e.target.value))}
    >
      {all && <MenuItem value="">All</MenuItem>}
      {choices.map(choice => (
        <MenuItem key={choice.value} value={choice.value}>
          {choice.label}
        </MenuItem>
      ))}
    </Select>
  </FormControl>
);

/** Choices whose label is their value. */
export function choicesOf(values: readonly string[]): FilterChoice[] {
  return values.map(value => ({ value, label: value }));
}

/**
 * The filters above a list or table, in a row that wraps on a narrow
 * screen, optionally followed by the export of what they leave shown.
 */
export function FilterToolbar<T>(props: {
  filters: FilterSelectProps[];
  csv?: ExportCsvButtonProps<T>;
}) {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 16 }}
      mb={2}
    >
      {props.filters.map(filter => (
        <FilterSelect key={filter.id} {...filter} />
      ))}
      {props.csv && <ExportCsvButton {...props.csv} />}
    </Box>
  );
}
