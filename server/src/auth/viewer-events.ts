import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { cursorFieldDescription } from '../graphql/event-subscription';

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

@ObjectType({ description: "An event about the viewer's own account." })
export class ViewerEvent {
  @Field(() => ViewerEventKind)
  kind!: ViewerEventKind;

  @Field(() => ID, { description: 'Global id of the object the event is about.' })
  subjectId!: string;

  @Field({ description: cursorFieldDescription })
  cursor!: string;
}
