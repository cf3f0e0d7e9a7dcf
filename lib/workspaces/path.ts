/**
 * Workspace URLs (issue 16): /w/<slug>/<page>. The proxy rewrites them to /<page> and passes the
 * slug in a request header (never taken from the client), so every page exists once and still
 * knows its workspace. Framework-free: the proxy, pages and components share it.
 */
export const WORKSPACE_HEADER = "x-flowmaestro-workspace";
export const WORKSPACE_COOKIE = "fm_workspace";

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const isWorkspaceSlug = (value: string) => SLUG.test(value);

/** `/w/<slug>/rest` → its slug and `/rest` (`/workflows` for `/w/<slug>`); null for any other path. */
export function workspacePath(pathname: string): { slug: string; rest: string } | null {
  const match = /^\/w\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match || !isWorkspaceSlug(match[1]!)) return null;
  const rest = match[2] && match[2] !== "/" ? match[2] : "/workflows";
  return { slug: match[1]!, rest };
}

/** The URL of a page in a workspace. */
export const inWorkspace = (slug: string, path: string) => `/w/${slug}${path.startsWith("/") ? path : `/${path}`}`;
