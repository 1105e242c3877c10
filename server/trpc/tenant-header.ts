/**
 * The portal names the tenant it works in with this header (tenant switching); without it, the tenant
 * stored in the session at sign-in. Either way the user must be a member. Its own module so client
 * code can import the name without the server's session code.
 */
export const TENANT_HEADER = "x-hookline-tenant";
