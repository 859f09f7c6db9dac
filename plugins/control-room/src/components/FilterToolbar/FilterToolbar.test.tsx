import { useState } from 'react';
import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  chooseFilter,
  exportCsv,
  openFilter,
} from '../../__testUtils__/testing';
import { CsvColumn } from '../../lib/csv';
import { choicesOf, FilterToolbar } from './FilterToolbar';

interface Fruit {
  name: string;
  colour: string;
}

const FRUITS: Fruit[] = [
  { name: 'Apple', colour: 'red' },
  { name: 'Lime', colour: 'green' },
];

const fruitColumns: CsvColumn<Fruit>[] = [
  { title: 'Fruit', value: f => f.name },
  { title: 'Colour', value: f => f.colour },
];

/** A list filtered by colour and limited by a count, as the tabs use it. */
const FruitList = () => {
  const [colour, setColour] = useState('');
  const [count, setCount] = useState('2');
  const shown = FRUITS.filter(f => !colour || f.colour === colour).slice(
    0,
    Number(count),
  );
  return (
    <>
      <FilterToolbar
        filters={[
          {
            id: 'fruit-colour',
            label: 'Colour',
            value: colour,
            onChange: setColour,
            choices: choicesOf(['green', 'red']),
          },
          {
            id: 'fruit-count',
            label: 'Show',
            value: count,
            onChange: setCount,
            all: false,
            choices: [
              { value: '1', label: 'First 1' },
              { value: '2', label: 'First 2' },
            ],
          },
        ]}
        csv={{
          what: 'fruit',
          fileName: 'fruit.csv',
          columns: fruitColumns,
          rows: shown,
        }}
      />
      <ul data-testid="fruit">
        {shown.map(f => (
          <li key={f.name}>{f.name}</li>
        ))}
      </ul>
    </>
  );
};

describe('FilterToolbar', () => {
  it('offers "All" first, then the choices, under each label', async () => {
    await renderInTestApp(<FruitList />);
    expect(openFilter('Colour')).toEqual(['All', 'green', 'red']);
  });

  it('offers no "All" where a choice is required', async () => {
    await renderInTestApp(<FruitList />);
    expect(screen.getByLabelText('Show')).toHaveTextContent('First 2');
    expect(openFilter('Show')).toEqual(['First 1', 'First 2']);
  });

  it('hands the chosen value to the list, and "All" clears it', async () => {
    await renderInTestApp(<FruitList />);
    await chooseFilter('Colour', 'green');
    expect(screen.getByTestId('fruit')).toHaveTextContent(/^Lime$/);
    await chooseFilter('Colour', 'All');
    expect(screen.getByTestId('fruit')).toHaveTextContent(/^AppleLime$/);
  });

  it('exports the rows the filters leave shown, with the given labels', async () => {
    await renderInTestApp(<FruitList />);
    await chooseFilter('Colour', 'red');
    const file = await exportCsv('Export fruit as CSV');
    expect(file.name).toBe('fruit.csv');
    expect(file.text).toBe('Fruit,Colour\r\nApple,red\r\n');
  });

  it('disables the export when nothing is shown, and has none without csv', async () => {
    const { rerender } = await renderInTestApp(
      <FilterToolbar
        filters={[]}
        csv={{ what: 'fruit', fileName: 'f.csv', columns: [], rows: [] }}
      />,
    );
    expect(
      screen.getByRole('button', { name: 'Export fruit as CSV' }),
    ).toBeDisabled();
    rerender(<FilterToolbar filters={[]} />);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
