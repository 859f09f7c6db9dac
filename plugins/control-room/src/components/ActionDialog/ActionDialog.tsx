import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ActionSource,
  CreateActionResponse,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import {
  ActionDraft,
  ActionDraftErrors,
  localToday,
  validateActionDraft,
} from './validation';

/** A full-width text field of the draft form. */
const DraftField = (props: TextFieldProps) => (
  <TextField fullWidth margin="dense" {...props} />
);

export interface ActionDialogProps {
  open: boolean;
  source: ActionSource;
  sourceId?: string;
  projectId?: string;
  defaultTitle?: string;
  onClose(): void;
  onCreated?(response: CreateActionResponse): void;
}

/**
 * Creates an action page in Notion through `POST /notion/actions` and shows
 * the link to it. The next Notion sync brings the action into the lakehouse.
 */
export const ActionDialog = (props: ActionDialogProps) => {
  const api = useApi(controlRoomApiRef);
  const [draft, setDraft] = useState<ActionDraft>({
    projectId: props.projectId ?? '',
    title: props.defaultTitle ?? '',
    assignee: '',
    dueDate: '',
  });
  const [errors, setErrors] = useState<ActionDraftErrors>({});
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [created, setCreated] = useState<CreateActionResponse>();

  // What every field of the draft shares: its value, change handler and error.
  const fieldProps = (key: keyof ActionDraft) => ({
    id: `action-${key}`,
    value: draft[key],
    onChange: (e: { target: { value: string } }) =>
      setDraft(current => ({ ...current, [key]: e.target.value })),
    error: !!errors[key],
    helperText: errors[key],
  });

  const submit = async () => {
    const found = validateActionDraft(draft, localToday());
    setErrors(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    setSubmitting(true);
    setFailure(undefined);
    try {
      const response = await api.createNotionAction({
        project_id: draft.projectId.trim(),
        title: draft.title.trim(),
        assignee: draft.assignee.trim() || undefined,
        due_date: draft.dueDate || undefined,
        source: props.source,
        source_id: props.sourceId,
      });
      setCreated(response);
      props.onCreated?.(response);
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby="control-room-action-title"
      fullWidth
    >
      <DialogTitle id="control-room-action-title">
        Create a Notion action
      </DialogTitle>
      <DialogContent>
        {created ? (
          <Typography>
            {created.created
              ? 'Action created: '
              : 'An action already exists: '}
            <Link to={created.notion_url} target="_blank" rel="noopener">
              Open in Notion
            </Link>
          </Typography>
        ) : (
          <>
            {!props.projectId && (
              <DraftField
                {...fieldProps('projectId')}
                label="Project ID"
                required
              />
            )}
            <DraftField {...fieldProps('title')} label="Title" required />
            <DraftField
              {...fieldProps('assignee')}
              label="Assignee email"
              type="email"
            />
            <DraftField
              {...fieldProps('dueDate')}
              label="Due date"
              type="date"
              InputLabelProps={{ shrink: true }}
            />
            {failure && (
              <Typography color="error" role="alert">
                Could not create the action: {failure}
              </Typography>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{created ? 'Close' : 'Cancel'}</Button>
        {!created && (
          <Button
            color="primary"
            variant="contained"
            onClick={submit}
            disabled={submitting}
          >
            Create in Notion
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};
