import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Context } from '../graphql/context';
import { Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import type { ApiKeyRow } from './api-keys.service';
import { CreateApiKeyErrorCode, RevokeApiKeyErrorCode } from './api-keys.service';
import {
  CreateStaffUserErrorCode,
  LogInErrorCode,
  ResetStaffPasswordErrorCode,
  SetStaffAccountStatusErrorCode,
  UserStatus,
  OpenSellerAccountErrorCode,
  RevokeSessionErrorCode,
  ChangePasswordErrorCode,
  SignUpErrorCode,
  type SessionRow,
  type UserRow,
} from './auth.service';
import { ApiKeyScope, Role } from './roles';

registerEnumType(UserStatus, {
  name: 'UserStatus',
  valuesConfig: {
    ACTIVE: { description: 'Signs in as usual.' },
    DISABLED: {
      description:
        'An admin disabled the staff account: it cannot sign in, and its sessions and API keys were revoked.',
    },
  },
});

@ObjectType({ implements: Node })
export class User extends Node {
  /** Raw id, for resolvers; not in the schema. */
  rawId!: string;

  @Field({ description: 'Visible to the user and staff only.', nullable: true })
  email!: string;

  @Field()
  displayName!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field()
  createdAt!: Date;

  /** Read by the `status` field (the user and staff only). */
  accountStatus!: UserStatus;

  static from(row: Pick<UserRow, 'id' | 'email' | 'displayName' | 'roles' | 'createdAt' | 'status'>): User {
    return Object.assign(new User(), {
      id: toGlobalId('User', row.id),
      rawId: row.id,
      email: row.email,
      displayName: row.displayName,
      roles: row.roles as Role[],
      createdAt: row.createdAt,
      accountStatus: row.status as UserStatus,
    });
  }
}

/** A user the data refers to (an order's buyer, a dispute's assignee), through the request's loader: it must exist. */
export async function loadUser(context: Pick<Context, 'loaders'>, userId: string): Promise<User> {
  const row = await context.loaders.user.load(userId);
  if (!row) throw new Error(`user ${userId} is missing`);
  return User.from(row);
}

@ObjectType({ implements: Node, description: 'A partner API key. Its secret is shown once, at creation.' })
export class ApiKey extends Node {
  @Field()
  name!: string;

  @Field({ description: 'The public part of the key, to recognise it.' })
  prefix!: string;

  @Field(() => [ApiKeyScope])
  scopes!: ApiKeyScope[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  static from(row: ApiKeyRow): ApiKey {
    return Object.assign(new ApiKey(), {
      id: toGlobalId('ApiKey', row.id),
      name: row.name,
      prefix: row.prefix,
      scopes: row.scopes as ApiKeyScope[],
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: row.revokedAt,
    });
  }
}

@ObjectType({
  implements: Node,
  description:
    'A signed-in browser session of the viewer (a log-in), until it logs out, is revoked or expires.',
})
export class Session extends Node {
  @Field({ description: 'When the session logged in.' })
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'The browser that logged in, as it named itself.' })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: 'The network address it logged in from.' })
  address!: string | null;

  @Field({ description: 'True for the session this request is made with.' })
  current!: boolean;

  static from(row: SessionRow, currentSessionId: string | null): Session {
    return Object.assign(new Session(), {
      id: toGlobalId('Session', row.id),
      createdAt: row.createdAt,
      userAgent: row.userAgent,
      address: row.address,
      current: row.id === currentSessionId,
    });
  }
}

export const SignUpError = UserErrorType('SignUpError', SignUpErrorCode);
export const LogInError = UserErrorType('LogInError', LogInErrorCode);
export const CreateStaffUserError = UserErrorType('CreateStaffUserError', CreateStaffUserErrorCode);
export const ResetStaffPasswordError = UserErrorType('ResetStaffPasswordError', ResetStaffPasswordErrorCode);
export const SetStaffAccountStatusError = UserErrorType(
  'SetStaffAccountStatusError',
  SetStaffAccountStatusErrorCode,
);
export const CreateApiKeyError = UserErrorType('CreateApiKeyError', CreateApiKeyErrorCode);
export const RevokeApiKeyError = UserErrorType('RevokeApiKeyError', RevokeApiKeyErrorCode);
export const RevokeSessionError = UserErrorType('RevokeSessionError', RevokeSessionErrorCode);
export const ChangePasswordError = UserErrorType('ChangePasswordError', ChangePasswordErrorCode);

@ObjectType()
export class ChangePasswordPayload {
  @Field({ description: 'True when the password was changed.' })
  changed!: boolean;

  @Field(() => Int, { description: 'The other sessions of the account the change signed out.' })
  signedOutSessions!: number;

  @Field(() => Int, {
    description:
      "The account's API keys the change revoked: all of them, so that a key made from a stolen session does not outlive the old password. Create new keys for integrations.",
  })
  revokedApiKeys!: number;

  @Field(() => [ChangePasswordError])
  errors!: InstanceType<typeof ChangePasswordError>[];
}
export const OpenSellerAccountError = UserErrorType('OpenSellerAccountError', OpenSellerAccountErrorCode);

@ObjectType()
export class SignUpPayload {
  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [SignUpError])
  errors!: InstanceType<typeof SignUpError>[];
}

@ObjectType()
export class LogInPayload {
  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [LogInError])
  errors!: InstanceType<typeof LogInError>[];
}

@ObjectType()
export class LogOutPayload {
  @Field()
  loggedOut!: boolean;
}

@ObjectType()
export class CreateStaffUserPayload {
  @Field(() => User, { nullable: true })
  user!: User | null;

  @Field(() => [CreateStaffUserError])
  errors!: InstanceType<typeof CreateStaffUserError>[];
}

@ObjectType()
export class ResetStaffPasswordPayload {
  @Field(() => User, {
    nullable: true,
    description: 'The account, whose every session and API key was revoked.',
  })
  user!: User | null;

  @Field(() => [ResetStaffPasswordError])
  errors!: InstanceType<typeof ResetStaffPasswordError>[];
}

@ObjectType()
export class SetStaffAccountStatusPayload {
  @Field(() => User, { nullable: true, description: 'The account, with its status now.' })
  user!: User | null;

  @Field({ description: 'False when the account already had this status: nothing was done (a retry).' })
  changed!: boolean;

  @Field(() => Int, {
    description:
      'The open disputes assigned to the account that went back to the queue, unassigned, when it was disabled now (each a timeline event by you); 0 otherwise.',
  })
  disputesReturned!: number;

  @Field(() => [SetStaffAccountStatusError])
  errors!: InstanceType<typeof SetStaffAccountStatusError>[];
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey!: ApiKey | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The full key, to send in the `x-api-key` header. Shown only in this response; store it now.',
  })
  secret!: string | null;

  @Field(() => [CreateApiKeyError])
  errors!: InstanceType<typeof CreateApiKeyError>[];
}

@ObjectType()
export class RevokeApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey!: ApiKey | null;

  @Field(() => [RevokeApiKeyError])
  errors!: InstanceType<typeof RevokeApiKeyError>[];
}

@ObjectType()
export class RevokeSessionPayload {
  @Field(() => Session, { nullable: true, description: 'The session as it was when it was revoked.' })
  session!: Session | null;

  @Field(() => [RevokeSessionError])
  errors!: InstanceType<typeof RevokeSessionError>[];
}

@ObjectType()
export class OpenSellerAccountPayload {
  @Field(() => User, { nullable: true, description: 'The account, now with the SELLER role.' })
  user!: User | null;

  @Field(() => [OpenSellerAccountError])
  errors!: InstanceType<typeof OpenSellerAccountError>[];
}
