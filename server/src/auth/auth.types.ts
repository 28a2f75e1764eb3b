import { Field, ObjectType } from 'type-graphql';
import { Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import type { ApiKeyRow } from './api-keys.service';
import { CreateApiKeyErrorCode, RevokeApiKeyErrorCode } from './api-keys.service';
import { CreateStaffUserErrorCode, LogInErrorCode, SignUpErrorCode, type UserRow } from './auth.service';
import { ApiKeyScope, Role } from './roles';

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

  static from(row: UserRow): User {
    return Object.assign(new User(), {
      id: toGlobalId('User', row.id),
      rawId: row.id,
      email: row.email,
      displayName: row.displayName,
      roles: row.roles as Role[],
      createdAt: row.createdAt,
    });
  }
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

export const SignUpError = UserErrorType('SignUpError', SignUpErrorCode);
export const LogInError = UserErrorType('LogInError', LogInErrorCode);
export const CreateStaffUserError = UserErrorType('CreateStaffUserError', CreateStaffUserErrorCode);
export const CreateApiKeyError = UserErrorType('CreateApiKeyError', CreateApiKeyErrorCode);
export const RevokeApiKeyError = UserErrorType('RevokeApiKeyError', RevokeApiKeyErrorCode);

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
