// Where to go after signing in: only same-origin paths, so a crafted link cannot send a fresh session elsewhere.
export function safeCallback(url: string | null, origin: string = window.location.origin): string {
  if (!url) return "/";
  try {
    const target = new URL(url, origin);
    return target.origin === origin ? `${target.pathname}${target.search}${target.hash}` : "/";
  } catch {
    return "/";
  }
}

