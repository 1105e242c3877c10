/**
 * The portal names the tenant it works in (tenant switching) with this header, or with the cookie the
 * tenant switcher sets; without either, the tenant stored in the session at sign-in. Either way the user
 * must be a member. Its own module so client code can import the names without the server's session code.
 */
export const TENANT_HEADER = "x-hookline-tenant";

/** A preference, not a credential: a tenant the user is no longer a member of falls back to the session's. */
export const TENANT_COOKIE = "hookline-tenant";
