/** Parsing `--metrics [HOST:]PORT` of `kokoro run` (`9464`, `127.0.0.1:9464`, `[::1]:9464`). */
import type { MetricsServerOptions } from '@kokoro/core';

/** The address of `--metrics`, or a sentence saying what is wrong with it. */
export function parseMetricsAddress(text: string): MetricsServerOptions | string {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(text);
  if (!match) return `--metrics takes [HOST:]PORT (like 9464 or 127.0.0.1:9464), got "${text}"`;
  const port = Number(match[2]);
  if (port > 65_535) return `--metrics: port ${port} is above 65535`;
  const host = match[1]?.replace(/^\[|\]$/g, '');
  return host ? { host, port } : { port };
}
