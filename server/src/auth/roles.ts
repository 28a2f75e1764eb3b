import { registerEnumType } from 'type-graphql';

export enum Role {
  BUYER = 'BUYER',
  SELLER = 'SELLER',
  SUPPORT = 'SUPPORT',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role' });

export const staffRoles = [Role.SUPPORT, Role.ADMIN] as const;

/** What a partner API key may do. A key reaches only operations that name one of its scopes. */
export enum ApiKeyScope {
  CATALOG_READ = 'CATALOG_READ',
  CATALOG_WRITE = 'CATALOG_WRITE',
  ORDERS_READ = 'ORDERS_READ',
}
registerEnumType(ApiKeyScope, { name: 'ApiKeyScope' });

/** Marks an @Authorized requirement as an API key scope rather than a role: `@Authorized([Role.SELLER, scope(ApiKeyScope.CATALOG_WRITE)])`. */
export function scope(value: ApiKeyScope): string {
  return `scope:${value}`;
}

export interface Viewer {
  userId: string;
  roles: Role[];
  /** How the request authenticated: a browser session (cookies) or a partner API key. */
  via: 'session' | 'apiKey';
  sessionId: string | null;
  apiKeyId: string | null;
  scopes: ApiKeyScope[];
}

export function hasRole(viewer: Viewer | null, ...roles: Role[]): boolean {
  return viewer !== null && viewer.roles.some((role) => roles.includes(role));
}

export function isStaff(viewer: Viewer | null): boolean {
  return hasRole(viewer, ...staffRoles);
}
