import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { currentToken, signOut } from '../auth/session';

export type Schemas = components['schemas'];
export type Report = Schemas['ReportDto'];
export type Problem = Schemas['ProblemDto'];

/** An answer that is not 2xx: the API's problem+json (or what stood in for it), with the status. */
export class ApiProblem extends Error {
  constructor(readonly status: number, readonly problem: Partial<Problem> & { errors?: { field: string; message: string }[] }) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

/**
 * The typed client over the generated schema: every path, parameter and body is checked against
 * the API's OpenAPI spec at compile time. The token goes in the Authorization header, never in a URL.
 */
// JSON answers only: the export routes' CSV and XLSX bodies are downloads, not data for the screens.
export const api = createClient<paths, 'application/json'>({ baseUrl: location.origin });
api.use({
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // A token the API no longer accepts: back to the sign-in page.
    if (response.status === 401 && currentToken()) signOut('expired');
    return response;
  },
});

/** Unwraps an openapi-fetch answer: the data, or an ApiProblem. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<{ data: T; response: Response }> {
  let result;
  try {
    result = await call;
  } catch (error) {
    throw new ApiProblem(0, { title: 'network', detail: String(error) });
  }
  const { data, error, response } = result;
  if (!response.ok || data === undefined) {
    const problem = (error && typeof error === 'object' ? error : { title: response.statusText, detail: String(error ?? '') }) as ApiProblem['problem'];
    throw new ApiProblem(response.status, problem);
  }
  return { data, response };
}

/** `ETag: "7"` → `"7"`, to send back as If-Match. */
export function etagOf(response: Response): string | null {
  return response.headers.get('ETag');
}
