import { localToday, validateActionDraft } from './validation';

const valid = { projectId: 'p1', title: 'Do it', assignee: '', dueDate: '' };

describe('validateActionDraft', () => {
  it('accepts a minimal draft', () => {
    expect(validateActionDraft(valid, '2026-01-01')).toEqual({});
  });

  it('reports each invalid field', () => {
    expect(
      validateActionDraft(
        {
          projectId: ' ',
          title: 'x'.repeat(201),
          assignee: 'a@b',
          dueDate: '2025-12-31',
        },
        '2026-01-01',
      ),
    ).toEqual({
      projectId: 'A project is required',
      title: 'At most 200 characters',
      assignee: 'Enter an email address',
      dueDate: 'The due date must not be in the past',
    });
    expect(
      validateActionDraft({ ...valid, dueDate: 'soon' }, '2026-01-01').dueDate,
    ).toBe('Enter a date');
    expect(
      validateActionDraft({ ...valid, dueDate: '2026-01-01' }, '2026-01-01'),
    ).toEqual({});
  });

  it('formats today in local time', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
