import { GraphQLError } from 'graphql';
import type { AuthChecker, MiddlewareFn } from 'type-graphql';
import { isStaff, type ApiKeyScope, type Role, type Viewer } from '../auth/roles';
import type { Context } from './context';

/**
 * Authorisation is declared on the schema with @Authorized:
 * - `@Authorized()`: any signed-in viewer;
 * - `@Authorized(Role.ADMIN, ...)`: a viewer with one of the roles;
 * - `scope(ApiKeyScope.X)` among the requirements opens the field to partner API keys with that
 *   scope. A field that names no scope is closed to API keys, whatever the key's owner may do.
 *   A key's viewer holds the SELLER role only (auth/api-keys.service.ts), so the roles still apply.
 * Ownership is declared with the `OwnerOrStaff` middleware on fields that hold one user's data.
 */
export const authChecker: AuthChecker<Context, string> = ({ context }, requirements) => {
  const viewer = context.viewer;
  if (!viewer) throw unauthenticated();
  const roles = requirements.filter((requirement) => !requirement.startsWith('scope:')) as Role[];
  const scopes = requirements
    .filter((requirement) => requirement.startsWith('scope:'))
    .map((requirement) => requirement.slice('scope:'.length) as ApiKeyScope);
  if (viewer.via === 'apiKey' && !scopes.some((required) => viewer.scopes.includes(required))) {
    throw forbidden(
      scopes.length === 0
        ? 'API keys cannot use this field: it is for a signed-in browser session.'
        : `This API key does not have a scope for this field: it needs ${scopes.join(' or ')}.`,
    );
  }
  if (roles.length > 0 && !viewer.roles.some((role) => roles.includes(role))) {
    throw forbidden();
  }
  return true;
};

export function unauthenticated(message = 'Sign in to do this.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(message = 'You are not allowed to do this.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function requireViewer(context: Context): Viewer {
  if (!context.viewer) throw unauthenticated();
  return context.viewer;
}

/** The field resolves for the user it belongs to and for staff; for anyone else it is null with a FORBIDDEN error. */
export function OwnerOrStaff<Root>(ownerOf: (root: Root) => string): MiddlewareFn<Context> {
  return async ({ root, context }, next) => {
    const viewer = context.viewer;
    if (!viewer) throw unauthenticated();
    if (viewer.userId !== ownerOf(root as Root) && !isStaff(viewer)) throw forbidden();
    return next();
  };
}
