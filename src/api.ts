/** The JSON API for this build, built once and shared by the /api/v2/ routes. */
import { getStatusData } from './data.ts';
import { StatusApi } from './lib/api.ts';

let api: StatusApi | undefined;

export function getApi(): StatusApi {
  if (!api || import.meta.env.DEV) {
    const { content, snapshot } = getStatusData();
    api = new StatusApi(content, snapshot);
  }
  return api;
}

/** A JSON response, pretty enough to read with curl. */
export function json(value: unknown): Response {
  return new Response(`${JSON.stringify(value, null, 2)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}
