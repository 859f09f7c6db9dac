export interface ActionDraft {
  projectId: string;
  title: string;
  assignee: string;
  dueDate: string;
}

export type ActionDraftErrors = Partial<Record<keyof ActionDraft, string>>;

// A pragmatic shape check; Notion resolves the person by this address.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_TITLE_LENGTH = 200;

/** Errors of a draft action; `today` is YYYY-MM-DD in the user's time zone. */
export function validateActionDraft(
  draft: ActionDraft,
  today: string,
): ActionDraftErrors {
  const errors: ActionDraftErrors = {};
  if (!draft.projectId.trim()) {
    errors.projectId = 'A project is required';
  }
  if (!draft.title.trim()) {
    errors.title = 'A title is required';
  } else if (draft.title.trim().length > MAX_TITLE_LENGTH) {
    errors.title = `At most ${MAX_TITLE_LENGTH} characters`;
  }
  if (draft.assignee.trim() && !EMAIL.test(draft.assignee.trim())) {
    errors.assignee = 'Enter an email address';
  }
  if (draft.dueDate) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.dueDate)) {
      errors.dueDate = 'Enter a date';
    } else if (draft.dueDate < today) {
      errors.dueDate = 'The due date must not be in the past';
    }
  }
  return errors;
}

export function localToday(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}
