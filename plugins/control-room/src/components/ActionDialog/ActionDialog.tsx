import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import type {
  ActionSource,
  CreateActionResponse,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomApiRef } from '../../api';
import { fetchAllProjects } from '../../lib/paging';
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

interface ProjectOption {
  project_id: string;
  name: string;
}

/**
 * Picks a project by name, searchable; the id never shows. The projects are
 * read when the dialog opens.
 */
const ProjectPicker = (props: {
  value: string;
  /** Name of the preselected project, shown before the list arrives. */
  valueName?: string;
  onChange(projectId: string): void;
  disabled?: boolean;
  error?: string;
}) => {
  const api = useApi(controlRoomApiRef);
  const projects = useAsync(async () => {
    const all = await fetchAllProjects(api);
    return all.data
      .map(p => ({ project_id: p.project_id, name: p.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [api]);
  const options: ProjectOption[] = projects.value ?? [];
  const selected =
    options.find(o => o.project_id === props.value) ??
    (props.value && props.valueName
      ? { project_id: props.value, name: props.valueName }
      : null);
  return (
    <Autocomplete<ProjectOption>
      id="action-project"
      options={options}
      loading={projects.loading}
      disabled={props.disabled}
      value={selected}
      onChange={(_event, option) => props.onChange(option?.project_id ?? '')}
      getOptionLabel={option => option.name}
      getOptionSelected={(option, value) =>
        option.project_id === value.project_id
      }
      noOptionsText={
        projects.error ? 'Could not load the projects' : 'No project matches'
      }
      renderInput={params => (
        <TextField
          {...params}
          label="Project"
          required
          margin="dense"
          placeholder="Search by name"
          error={!!props.error || !!projects.error}
          helperText={props.error ?? projects.error?.message}
        />
      )}
    />
  );
};

export interface ActionDialogProps {
  open: boolean;
  source: ActionSource;
  sourceId?: string;
  /** Preselects the project; an Advisor finding's project cannot change. */
  projectId?: string;
  projectName?: string;
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
            <ProjectPicker
              value={draft.projectId}
              valueName={props.projectName}
              onChange={projectId =>
                setDraft(current => ({ ...current, projectId }))
              }
              disabled={!!props.projectId && props.source === 'advisor'}
              error={errors.projectId}
            />
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
