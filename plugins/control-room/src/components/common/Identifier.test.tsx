import { render } from '@testing-library/react';
import { Identifier } from './Identifier';

describe('Identifier', () => {
  it('offers a line break after each dot and underscore only', () => {
    const { container } = render(
      <Identifier text="silver.notion_projects.name_not_null" />,
    );
    expect(container.textContent).toBe('silver.notion_projects.name_not_null');
    expect(container.querySelector('span')!.innerHTML).toBe(
      'silver.<wbr>notion_<wbr>projects.<wbr>name_<wbr>not_<wbr>null',
    );
  });

  it('leaves a name without separators whole', () => {
    const { container } = render(<Identifier text="budget" />);
    expect(container.querySelectorAll('wbr')).toHaveLength(0);
    expect(container.textContent).toBe('budget');
  });
});
