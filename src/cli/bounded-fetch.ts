/**
 * Fetching another status page's documents for `statusmark import`, with limits: a server
 * that does not connect, answers nothing, or stops sending is given up on after `timeout`; one
 * that is still sending after ten times that is given up on too (a trickle never ends
 * otherwise); a body larger than `maxBytes` is refused while it streams, counted both as
 * sent and after gzip/deflate/br decompression (done here, in a stream, so a small
 * compressed bomb is stopped at the cap); a redirect is followed only on the same host (and
 * never from https to http), at most `maxRedirects` times. Every failure is one FetchError
 * whose message names the address and the limit.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { CliError } from './errors.ts';

export interface FetchLimits {
  /** Milliseconds to connect and to wait for each next piece of the answer; the whole answer may take ten times this. */
  timeoutMs: number;
  /** The most bytes a body may have, as sent and once decompressed. */
  maxBytes: number;
  /** How many same-host redirects are followed. */
  maxRedirects: number;
}

/** 30 s per wait (5 minutes in all), 32 MiB per document, 5 redirects. */
export const FETCH_LIMITS: FetchLimits = { timeoutMs: 30_000, maxBytes: 32 * 1024 * 1024, maxRedirects: 5 };

/** A document that could not be fetched within the limits: `statusmark import` stops with exit 1. */
export class FetchError extends CliError {}

export interface Fetched {
  status: number;
  /** The body as text (empty for a status that is not 2xx: it is not read). */
  text: string;
  /** The address that answered, after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const seconds = (ms: number) => `${ms / 1000} s`;
const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

export async function fetchBounded(address: string, limits: FetchLimits = FETCH_LIMITS): Promise<Fetched> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new FetchError(`${address}: is not a URL`);
  }
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new FetchError(`${url.href}: only http and https addresses can be fetched`);
    const answer = await once(url, limits);
    if (!('location' in answer)) return answer;
    const next = URL.canParse(answer.location, url) ? new URL(answer.location, url) : undefined;
    if (!next) throw new FetchError(`${url.href}: redirects to "${answer.location}", which is not an address`);
    if (next.host !== url.host) {
      throw new FetchError(
        `${url.href}: redirects to another host (${url.host} → ${next.host}: ${next.href}); not followed. Give the address it should be read from`,
      );
    }
    if (url.protocol === 'https:' && next.protocol !== 'https:')
      throw new FetchError(`${url.href}: redirects from https to ${next.href}; not followed`);
    if (redirects + 1 > limits.maxRedirects)
      throw new FetchError(`${address}: more than ${limits.maxRedirects} redirects; not followed further`);
    url = next;
  }
}

/** One request: the answer, or where it redirects to. */
function once(url: URL, limits: FetchLimits): Promise<Fetched | { location: string }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    let whole: NodeJS.Timeout | undefined;
    let received = 0;
    let inflated = 0;
    let answered = false;
    let response: IncomingMessage | undefined;
    let decoder: Transform | undefined;
    const finish = (error?: FetchError, value?: Fetched | { location: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      clearTimeout(whole);
      if (error) {
        decoder?.destroy();
        response?.destroy();
        req.destroy();
        reject(error);
      } else resolve(value!);
    };
    const fail = (message: string) => finish(new FetchError(`${url.href}: ${message}`));
    const wait = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () =>
          fail(
            answered
              ? `sent nothing for ${seconds(limits.timeoutMs)} after ${received} bytes; given up (--timeout)`
              : `did not answer within ${seconds(limits.timeoutMs)}; given up (--timeout)`,
          ),
        limits.timeoutMs,
      );
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'GET',
      headers: { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': 'statusmark-import' },
    });
    wait();
    whole = setTimeout(
      () => fail(`still sending after ${seconds(limits.timeoutMs * 10)} (${received} bytes so far); given up (ten times --timeout)`),
      limits.timeoutMs * 10,
    );
    req.on('error', (error) => fail(`could not be fetched (${error.message})`));
    req.on('response', (res) => {
      response = res;
      answered = true;
      wait();
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.resume();
        finish(undefined, { location: res.headers.location });
        return;
      }
      if (status < 200 || status > 299) {
        finish(undefined, { status, text: '', url: url.href });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (declared > limits.maxBytes) return fail(`is ${mib(declared)} (Content-Length); the limit is ${mib(limits.maxBytes)}`);
      const encoding = String(res.headers['content-encoding'] ?? 'identity')
        .trim()
        .toLowerCase();
      decoder =
        encoding === 'gzip' || encoding === 'x-gzip'
          ? createGunzip()
          : encoding === 'deflate'
            ? createInflate()
            : encoding === 'br'
              ? createBrotliDecompress()
              : undefined;
      if (!decoder && encoding !== 'identity' && encoding !== '')
        return fail(`is sent with Content-Encoding ${encoding}, which cannot be read`);
      const chunks: Buffer[] = [];
      const keep = (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > limits.maxBytes)
          return fail(`is more than ${mib(limits.maxBytes)} once decompressed (after ${received} bytes sent); refused`);
        chunks.push(chunk);
      };
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        wait();
        if (received > limits.maxBytes) return fail(`is more than ${mib(limits.maxBytes)}; refused while it was sent`);
        if (decoder) decoder.write(chunk);
        else keep(chunk);
      });
      res.on('error', (error) => fail(`the answer broke off (${error.message})`));
      res.on('close', () => {
        if (!res.complete) fail(`the answer broke off after ${received} bytes`);
      });
      const done = () => finish(undefined, { status, text: Buffer.concat(chunks).toString('utf8'), url: url.href });
      if (decoder) {
        decoder.on('data', keep);
        decoder.on('error', (error) => fail(`is not valid ${encoding} data (${error.message})`));
        decoder.on('end', done);
        res.on('end', () => decoder!.end());
      } else res.on('end', done);
    });
    req.end();
  });
}
