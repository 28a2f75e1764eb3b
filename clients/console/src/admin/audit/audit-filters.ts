import { globalIdFromInput } from '../../ui/global-id';

/** What the admin typed in the audit log's filter form. */
export interface AuditFilterForm {
  actor: string;
  subject: string;
  action: string;
}

/** The query's filters; `actorEmail` is looked up first (the API filters by id only). */
export interface AuditFilterValues {
  actorId: string | null;
  actorEmail: string | null;
  subjectId: string | null;
  action: string | null;
}

/**
 * The form as the API takes it: an actor by email (looked up) or id, a subject by its global id as
 * the table shows it (a raw uuid is taken as a user's, the commonest subject), an action as written.
 */
export function auditFilterValues(form: AuditFilterForm): AuditFilterValues {
  const actor = form.actor.trim();
  const subject = form.subject.trim();
  const action = form.action.trim();
  const byEmail = actor.includes('@');
  return {
    actorId: actor && !byEmail ? globalIdFromInput('User', actor) : null,
    actorEmail: byEmail ? actor : null,
    subjectId: subject ? globalIdFromInput('User', subject) : null,
    action: action || null,
  };
}

/** The reason an entry records, else the first few particulars, for a table cell. */
export function detailsSummary(details: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const entries = Object.entries(parsed as Record<string, unknown>).filter(([key]) => key !== 'reason');
  if (entries.length === 0) return null;
  return entries
    .slice(0, 3)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
