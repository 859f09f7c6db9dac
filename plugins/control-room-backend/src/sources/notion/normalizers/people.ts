import { EMPTY, NormalizedValue } from './types';

/** A user as it appears in people, created_by and last_edited_by. */
export interface NotionUserLike {
  id: string;
  type?: string;
  person?: { email?: string };
  name?: string | null;
}

/**
 * A user's email when Notion shares it, else their name (bots, and people
 * whose email the integration may not read), else their id when Notion sent
 * only a partial user.
 */
export function userKey(user: NotionUserLike): string {
  return user.person?.email || user.name || user.id;
}

function list(items: string[], hasMore: boolean): NormalizedValue {
  return items.length === 0 && !hasMore
    ? EMPTY
    : { kind: 'list', items, hasMore };
}

/** `people`: emails (else names or ids), plus whether Notion cut the list at 25. */
export function normalizePeople(
  users: NotionUserLike[] | undefined,
  hasMore = false,
): NormalizedValue {
  return list((users ?? []).map(userKey), hasMore);
}

/** `created_by` and `last_edited_by`: one user. */
export function normalizeUser(user: NotionUserLike | undefined) {
  return user ? list([userKey(user)], false) : EMPTY;
}

/** `relation`: the related page ids, plus whether Notion cut the list. */
export function normalizeRelation(
  relations: { id: string }[] | undefined,
  hasMore = false,
): NormalizedValue {
  return list(
    (relations ?? []).map(relation => relation.id),
    hasMore,
  );
}

type NotionFile =
  | { type: 'file'; name: string; file: { url: string } }
  | { type: 'external'; name: string; external: { url: string } }
  | { type?: string; name: string };

/** `files`: each file's URL (hosted or external), else its name. */
export function normalizeFiles(files: NotionFile[] | undefined) {
  return list(
    (files ?? []).map(file => {
      if ('file' in file) return file.file.url;
      if ('external' in file) return file.external.url;
      return file.name;
    }),
    false,
  );
}
