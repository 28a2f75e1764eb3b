import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  UseMiddleware,
  type SubscribeResolverData,
} from 'type-graphql';
import type { ResumedEvent } from '../events/pubsub';
import { GraphQLError } from 'graphql';
import { OwnerOrStaff, requireViewer, unauthenticated } from '../graphql/authorization';
import type { Context } from '../graphql/context';
import {
  afterArgumentDescription,
  eventCursor,
  receivedEvent,
  resumeEvents,
} from '../graphql/event-subscription';
import {
  Connection,
  ConnectionArguments,
  fromGlobalId,
  toConnection,
  toGlobalId,
  keysetPage,
} from '../graphql/relay';
import { clearSessionCookies, setSessionCookies } from '../http/session-cookies';
import {
  ApiKey,
  ChangePasswordPayload,
  CreateApiKeyPayload,
  CreateStaffUserPayload,
  LogInPayload,
  LogOutPayload,
  OpenSellerAccountPayload,
  ResetStaffPasswordPayload,
  RevokeApiKeyPayload,
  RevokeSessionPayload,
  Session,
  SetStaffAccountStatusPayload,
  SignUpPayload,
  User,
} from './auth.types';
import {
  ChangePasswordInput,
  CreateApiKeyInput,
  CreateStaffUserInput,
  LogInInput,
  LogOutInput,
  ResetStaffPasswordInput,
  RevokeApiKeyInput,
  RevokeSessionInput,
  SetStaffAccountStatusInput,
  SignUpInput,
} from './auth.inputs';
import { UserStatus } from './auth.service';
import type { PasswordWorkRefusal } from './passwords';
import { Role } from './roles';
import {
  maxUserSearchResults,
  parseUserSearch,
  userSearchMaxLength,
  userSearchMinLength,
} from './user-search';
import { viewerEventSubjectType, viewerEventsTopic, type ViewerEventPayload } from './viewer-events';

/** Staff accounts staffMembers lists at most: a support team, not a customer base. */
const maxStaffMembers = 500;
import { ViewerEvent } from './viewer-events.types';

const ApiKeyConnection = Connection(ApiKey, 'ApiKey');

/**
 * Password work refused by the request's budget or the busy hasher: a limit of the server, not a
 * rule of the mutation, so a GraphQL error like the other request limits. Nothing was done.
 */
export function passwordWorkRefusedError(refusal: PasswordWorkRefusal, context: Context): GraphQLError {
  if (refusal === 'SERVER_BUSY') {
    return new GraphQLError('Too many password checks are waiting; retry in a moment.', {
      extensions: { code: 'SERVER_BUSY', retryAfterSeconds: 1 },
    });
  }
  const limit = context.meta.expensiveOperations.limit;
  return new GraphQLError(
    `One request may run ${limit} password check${limit === 1 ? '' : 's'}; send each sign-in or sign-up in a request of its own.`,
    { extensions: { code: 'TOO_MANY_EXPENSIVE_OPERATIONS', maxPasswordChecks: limit } },
  );
}

@Resolver(() => User)
export class AuthResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user, or null.' })
  async me(@Ctx() context: Context): Promise<User | null> {
    if (!context.viewer) return null;
    // A signed-in session's own account is in the session cache (kept fresh by USER_CHANGED).
    const cached = context.services.auth.cachedViewerUser(context.viewer);
    // (a session is live only while its account is ACTIVE: liveSessionUser)
    if (cached) return User.from({ ...cached, status: UserStatus.ACTIVE });
    const row = await context.loaders.user.load(context.viewer.userId);
    return row ? User.from(row) : null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => User, { nullable: true, description: 'Staff only: any user by id.' })
  async user(@Arg('id', () => ID) id: string, @Ctx() context: Context): Promise<User | null> {
    const rawId = fromGlobalId(id, 'User');
    if (!rawId) return null;
    const row = await context.loaders.user.load(rawId);
    return row ? User.from(row) : null;
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => [User], {
    description: `Staff only: finds users by a whole email address (compared as a login compares it: trimmed, case-insensitive) or by a user id (global, or the raw uuid). At most ${maxUserSearchResults}, and none when nothing matches. Names and parts of emails are not searched. A search of fewer than ${userSearchMinLength} or more than ${userSearchMaxLength} characters, or that is neither an email nor a user id, is BAD_USER_INPUT.`,
  })
  async users(@Arg('search') search: string, @Ctx() context: Context): Promise<User[]> {
    const parsed = parseUserSearch(search, (globalId) => fromGlobalId(globalId, 'User'));
    if (parsed.kind === 'INVALID') {
      throw new GraphQLError(parsed.message, { extensions: { code: 'BAD_USER_INPUT', field: 'search' } });
    }
    const rows = await context.services.auth.findUsers(parsed);
    return rows.map((row) => User.from(row));
  }

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Query(() => [User], {
    description: `Staff only: the active support agents and admins, by name (at most ${maxStaffMembers}): whom a dispute can be assigned to. With includeDisabled (admins only), the disabled staff accounts too, so that an admin can find one to enable again.`,
  })
  async staffMembers(
    @Ctx() context: Context,
    @Arg('includeDisabled', () => Boolean, {
      defaultValue: false,
      description: 'Admins only: the disabled staff accounts too (User.status says which).',
    })
    includeDisabled: boolean,
  ): Promise<User[]> {
    if (includeDisabled && !context.viewer?.roles.includes(Role.ADMIN)) {
      throw new GraphQLError('Only admins list disabled staff accounts.', {
        extensions: { code: 'FORBIDDEN' },
      });
    }
    const rows = await context.services.auth.staffMembers(maxStaffMembers, includeDisabled);
    return rows.map((row) => User.from(row));
  }

  @FieldResolver(() => String, { nullable: true })
  @UseMiddleware(OwnerOrStaff<User>((user) => user.rawId))
  email(@Root() user: User): string {
    return user.email;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      'Visible to the user and staff only. When the initial password an admin set stops signing in, unless its owner changes it first (changePassword); null for a password its owner chose.',
  })
  @UseMiddleware(OwnerOrStaff<User>((user) => user.rawId))
  async passwordExpiresAt(@Root() user: User, @Ctx() context: Context): Promise<Date | null> {
    return (await context.loaders.user.load(user.rawId))?.passwordExpiresAt ?? null;
  }

  @Mutation(() => SignUpPayload, {
    description: 'Opens a buyer account (and a seller account if asked) and signs in.',
  })
  async signUp(@Arg('input') input: SignUpInput, @Ctx() context: Context): Promise<SignUpPayload> {
    const result = await context.services.auth.signUp(input, context.meta);
    if ('refused' in result) throw passwordWorkRefusedError(result.refused, context);
    if ('errors' in result) return { user: null, errors: result.errors };
    if (context.reply) setSessionCookies(context.reply, context.services.config, result.session);
    return { user: User.from(result.user), errors: [] };
  }

  @Mutation(() => LogInPayload, {
    description:
      'Signs in with email and password and sets the session cookies (the access token, the refresh token and the CSRF token: send it in x-csrf-token). A wrong email or password is one answer (INVALID_CREDENTIALS); failures are limited per account and per address (TOO_MANY_ATTEMPTS). Partners use API keys instead.',
  })
  async logIn(@Arg('input') input: LogInInput, @Ctx() context: Context): Promise<LogInPayload> {
    const result = await context.services.auth.logIn(input, context.meta);
    if ('refused' in result) throw passwordWorkRefusedError(result.refused, context);
    if ('errors' in result) return { user: null, errors: result.errors };
    if (context.reply) setSessionCookies(context.reply, context.services.config, result.session);
    return { user: User.from(result.user), errors: [] };
  }

  @Authorized()
  @Mutation(() => LogOutPayload, {
    description:
      'Signs this session out (its refresh token is revoked and the cookies cleared), or every session of the account with allSessions. Open subscriptions of a revoked session end.',
  })
  async logOut(
    @Arg('input', () => LogOutInput, { defaultValue: { allSessions: false } }) input: LogOutInput,
    @Ctx() context: Context,
  ): Promise<LogOutPayload> {
    const viewer = requireViewer(context);
    await context.services.auth.logOut(viewer, input.allSessions, context.meta);
    if (context.reply) clearSessionCookies(context.reply, context.services.config);
    return { loggedOut: true };
  }

  @Authorized()
  @Mutation(() => ChangePasswordPayload, {
    description:
      "Changes the signed-in user's password, given the current one (a browser session only). Every other session of the account is signed out; this one stays. A wrong current password counts as a failed login (WRONG_PASSWORD, then TOO_MANY_ATTEMPTS).",
  })
  async changePassword(
    @Arg('input') input: ChangePasswordInput,
    @Ctx() context: Context,
  ): Promise<ChangePasswordPayload> {
    const viewer = requireViewer(context);
    if (viewer.via !== 'session' || !viewer.sessionId) {
      throw new GraphQLError('Change a password from a signed-in browser session.', {
        extensions: { code: 'FORBIDDEN' },
      });
    }
    const result = await context.services.auth.changePassword(
      { ...viewer, sessionId: viewer.sessionId },
      input,
      context.meta,
    );
    if ('refused' in result) throw passwordWorkRefusedError(result.refused, context);
    if ('errors' in result)
      return { changed: false, signedOutSessions: 0, revokedApiKeys: 0, errors: result.errors };
    return {
      changed: true,
      signedOutSessions: result.signedOutSessions,
      revokedApiKeys: result.revokedApiKeys,
      errors: [],
    };
  }

  @Authorized()
  @Query(() => [Session], {
    description:
      "The viewer's active sessions (signed-in browsers), newest first; `current` marks this request's.",
  })
  async mySessions(@Ctx() context: Context): Promise<Session[]> {
    const viewer = requireViewer(context);
    if (viewer.via !== 'session') return [];
    const rows = await context.services.auth.activeSessions(viewer.userId);
    return rows.map((row) => Session.from(row, viewer.sessionId));
  }

  @Authorized()
  @Mutation(() => RevokeSessionPayload, {
    description:
      "Signs out one of the viewer's own sessions: its refresh token stops working and its subscriptions close. Revoking the current session signs this browser out (its cookies are cleared). Another user's session is SESSION_NOT_FOUND.",
  })
  async revokeSession(
    @Arg('input') input: RevokeSessionInput,
    @Ctx() context: Context,
  ): Promise<RevokeSessionPayload> {
    const viewer = requireViewer(context);
    const result = await context.services.auth.revokeOwnSession(
      viewer,
      fromGlobalId(input.sessionId, 'Session'),
      context.meta,
    );
    if ('errors' in result) return { session: null, errors: result.errors };
    const current = result.session.id === viewer.sessionId;
    if (current && context.reply) clearSessionCookies(context.reply, context.services.config);
    return { session: Session.from(result.session, viewer.sessionId), errors: [] };
  }

  // A seller account also holds BUYER, so sellers pass too (and get their account back unchanged);
  // staff accounts are refused by the service, API keys by the missing scope.
  @Authorized(Role.BUYER)
  @Mutation(() => OpenSellerAccountPayload, {
    description:
      "Lets the signed-in buyer sell from the same account: adds the SELLER role (as signUp's sellerAccount does). An account that already sells is returned unchanged. Refused for banned and staff accounts. The session's next request acts as a seller.",
  })
  async openSellerAccount(@Ctx() context: Context): Promise<OpenSellerAccountPayload> {
    const result = await context.services.auth.openSellerAccount(requireViewer(context), context.meta);
    if ('errors' in result) return { user: null, errors: result.errors };
    return { user: User.from(result.user), errors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreateStaffUserPayload, { description: 'Admin only: creates a support or admin account.' })
  async createStaffUser(
    @Arg('input') input: CreateStaffUserInput,
    @Ctx() context: Context,
  ): Promise<CreateStaffUserPayload> {
    const result = await context.services.auth.createStaffUser(requireViewer(context), input, context.meta);
    if ('refused' in result) throw passwordWorkRefusedError(result.refused, context);
    if ('errors' in result) return { user: null, errors: result.errors };
    return { user: User.from(result.user), errors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ResetStaffPasswordPayload, {
    description:
      "Admin only: sets a new initial password for another support or admin account (forgotten, or its initial password expired). It signs in for STAFF_INITIAL_PASSWORD_HOURS, until its owner changes it; the account's sessions and API keys are revoked. Customers' passwords are not set by admins (NOT_STAFF); your own is changed with changePassword (OWN_ACCOUNT).",
  })
  async resetStaffPassword(
    @Arg('input') input: ResetStaffPasswordInput,
    @Ctx() context: Context,
  ): Promise<ResetStaffPasswordPayload> {
    const result = await context.services.auth.resetStaffPassword(
      requireViewer(context),
      { userId: fromGlobalId(input.userId, 'User'), password: input.password },
      context.meta,
    );
    if ('refused' in result) throw passwordWorkRefusedError(result.refused, context);
    if ('errors' in result) return { user: null, errors: result.errors };
    return { user: User.from(result.user), errors: [] };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SetStaffAccountStatusPayload, {
    description:
      "Admin only: disables another support or admin account (a colleague who left: it cannot sign in, and its sessions and API keys end now) or enables it again, with a reason; audited. Customers are not disabled here (NOT_STAFF: their risk tier restricts or bans them); your own account is another admin's to change (OWN_ACCOUNT). Setting the status it has changes nothing (`changed: false`).",
  })
  async setStaffAccountStatus(
    @Arg('input') input: SetStaffAccountStatusInput,
    @Ctx() context: Context,
  ): Promise<SetStaffAccountStatusPayload> {
    const result = await context.services.auth.setStaffAccountStatus(
      requireViewer(context),
      { userId: fromGlobalId(input.userId, 'User'), status: input.status, reason: input.reason },
      context.meta,
    );
    if ('errors' in result) return { user: null, changed: false, disputesReturned: 0, errors: result.errors };
    return {
      user: User.from(result.user),
      changed: result.changed,
      disputesReturned: result.disputesReturned,
      errors: [],
    };
  }

  @FieldResolver(() => UserStatus, {
    nullable: true,
    description: 'Visible to the user and staff only. DISABLED: an admin disabled the staff account.',
  })
  @UseMiddleware(OwnerOrStaff<User>((user) => user.rawId))
  status(@Root() user: User): UserStatus {
    return user.accountStatus;
  }

  // Sellers only: a key acts as its owner in the seller role, so staff powers never reach a key.
  @Authorized(Role.SELLER)
  @Mutation(() => CreateApiKeyPayload, {
    description:
      'Sellers only: creates a partner API key, which acts as its owner in the seller role, narrowed by its scopes. The secret is returned once.',
  })
  async createApiKey(
    @Arg('input') input: CreateApiKeyInput,
    @Ctx() context: Context,
  ): Promise<CreateApiKeyPayload> {
    const result = await context.services.apiKeys.create(requireViewer(context), input, context.meta);
    if ('sessionEnded' in result) throw unauthenticated('This session has ended; sign in again.');
    if ('errors' in result) return { apiKey: null, secret: null, errors: result.errors };
    return { apiKey: ApiKey.from(result.apiKey), secret: result.secret, errors: [] };
  }

  @Authorized(Role.SELLER, Role.ADMIN)
  @Mutation(() => RevokeApiKeyPayload, {
    description:
      'Revokes an API key (its owner, or an admin for any key): every request with it is refused from the answer on, and its open subscriptions end. A second revocation is ALREADY_REVOKED.',
  })
  async revokeApiKey(
    @Arg('input') input: RevokeApiKeyInput,
    @Ctx() context: Context,
  ): Promise<RevokeApiKeyPayload> {
    const result = await context.services.apiKeys.revoke(
      requireViewer(context),
      fromGlobalId(input.apiKeyId, 'ApiKey'),
      context.meta,
    );
    if ('errors' in result) return { apiKey: null, errors: result.errors };
    return { apiKey: ApiKey.from(result.apiKey), errors: [] };
  }

  @Authorized(Role.SELLER, Role.ADMIN)
  @Query(() => ApiKeyConnection, { description: "The viewer's own API keys, newest first." })
  async myApiKeys(
    @Args() page: ConnectionArguments,
    @Ctx() context: Context,
  ): Promise<InstanceType<typeof ApiKeyConnection>> {
    const viewer = requireViewer(context);
    const { first, cursor } = keysetPage(page);
    const rows = await context.services.apiKeys.listOwn(viewer, first + 1, cursor);
    return toConnection(
      rows,
      first,
      (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }),
      ApiKey.from,
      cursor !== null,
    );
  }

  @Authorized()
  @Subscription(() => ViewerEvent, {
    // Scoped to the viewer: the events of no other account are ever read for this subscription.
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { after?: string | null }, Context>) =>
      resumeEvents<ViewerEventPayload>(context, {
        topic: viewerEventsTopic,
        scopeId: requireViewer(context).userId,
        after: args.after,
        accept: () => true,
      }),
    description: "Events about the signed-in user's own account.",
  })
  viewerEvents(
    @Root() root: ResumedEvent<ViewerEventPayload>,
    @Arg('after', () => String, { nullable: true, description: afterArgumentDescription })
    _after: string | null,
  ): ViewerEvent {
    const event = receivedEvent(root);
    const type = viewerEventSubjectType[event.payload.kind];
    return Object.assign(new ViewerEvent(), {
      kind: event.payload.kind,
      subjectId: toGlobalId(type, event.payload.subjectId),
      cursor: eventCursor(event),
    });
  }
}
