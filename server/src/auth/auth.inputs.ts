import { Field, ID, InputType } from 'type-graphql';
import { ApiKeyScope, Role } from './roles';
import { UserStatus } from './auth.service';

@InputType()
export class SignUpInput {
  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field()
  displayName!: string;

  @Field({ defaultValue: false, description: 'Also open a seller account (list and sell codes).' })
  sellerAccount: boolean = false;
}

@InputType()
export class LogInInput {
  @Field()
  email!: string;

  @Field()
  password!: string;
}

@InputType()
export class LogOutInput {
  @Field({ defaultValue: false, description: 'End every session of the account, not only this one.' })
  allSessions: boolean = false;
}

@InputType()
export class CreateStaffUserInput {
  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field()
  displayName!: string;

  @Field(() => [Role])
  roles!: Role[];
}

@InputType()
export class ResetStaffPasswordInput {
  @Field(() => ID, { description: 'A support or admin account other than your own.' })
  userId!: string;

  @Field({ description: 'The new initial password, to hand to its owner; they change it once signed in.' })
  password!: string;
}

@InputType()
export class SetStaffAccountStatusInput {
  @Field(() => ID, { description: 'A support or admin account other than your own.' })
  userId!: string;

  @Field(() => UserStatus, {
    description: 'DISABLED: it cannot sign in, and its sessions and API keys end now.',
  })
  status!: UserStatus;

  @Field({ description: '3 to 500 characters on one line; recorded in the audit log.' })
  reason!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  name!: string;

  @Field(() => [ApiKeyScope])
  scopes!: ApiKeyScope[];
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID)
  apiKeyId!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field({ description: 'The password the account has now.' })
  currentPassword!: string;

  @Field({ description: '10 to 256 characters; not the current one.' })
  newPassword!: string;
}

@InputType()
export class RevokeSessionInput {
  @Field(() => ID, { description: "One of the viewer's own sessions (Session.id)." })
  sessionId!: string;
}
