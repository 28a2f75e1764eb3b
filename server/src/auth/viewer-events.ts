import { registerEnumType } from 'type-graphql';

/** Events about the signed-in user's own account, pushed to their open clients. */
export const viewerEventsTopic = 'VIEWER_EVENTS';

export enum ViewerEventKind {
  API_KEY_CREATED = 'API_KEY_CREATED',
  API_KEY_REVOKED = 'API_KEY_REVOKED',
}
registerEnumType(ViewerEventKind, { name: 'ViewerEventKind' });

export interface ViewerEventPayload {
  kind: `${ViewerEventKind}`;
  /** The raw id of the object the event is about. */
  subjectId: string;
}
