import { Field, ID, ObjectType } from 'type-graphql';
import { cursorFieldDescription } from '../graphql/event-subscription';
import { ViewerEventKind } from './viewer-events';

@ObjectType({ description: "An event about the viewer's own account." })
export class ViewerEvent {
  @Field(() => ViewerEventKind)
  kind!: ViewerEventKind;

  @Field(() => ID, { description: 'Global id of the object the event is about.' })
  subjectId!: string;

  @Field({ description: cursorFieldDescription })
  cursor!: string;
}
