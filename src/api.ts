/** The JSON API for this build, built once and shared by the /api/v2/ routes. */
import { getStatusData } from './data.ts';
import { StatusApi } from './lib/api.ts';
import { perBuild } from './per-build.ts';

export const getApi = perBuild(() => {
  const { content, snapshot } = getStatusData();
  return new StatusApi(content, snapshot);
});

/** A JSON response, pretty enough to read with curl. */
export function json(value: unknown): Response {
  return new Response(`${JSON.stringify(value, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}
