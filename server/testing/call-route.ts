// Calls an App Router route handler the way Next.js does (a Request plus params), without a server.
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type RouteCall = {
  method?: string;
  path?: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON whose shape each test asserts
export type RouteResult<T = any> = { status: number; headers: Headers; body: T };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
export async function callRoute<T = any>(handler: Handler, call: RouteCall = {}): Promise<RouteResult<T>> {
  const headers = new Headers(call.headers);
  if (call.token) headers.set("authorization", `Bearer ${call.token}`);
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`http://hookline.test${call.path ?? "/"}`, { method: call.method ?? (body ? "POST" : "GET"), headers, body });
  const response = await handler(request, { params: Promise.resolve(call.params ?? {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
