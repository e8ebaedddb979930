/**
 * A process-wide (per-thread) registry of secrets that must never be printed: bot tokens,
 * client secrets, webhook tokens. Every Kokoro error message and log line is passed through
 * `scrubSecrets`, so a token that reaches a message by accident still shows as `[REDACTED]`.
 */
const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Register a secret so it is redacted from Kokoro's errors and logs. Short strings are ignored. */
export function registerSecret(secret: string | undefined | null): void {
  if (!secret || secret.length < 8 || secrets.has(secret)) return;
  secrets.add(secret);
  pattern = undefined;
}

/** Replace every registered secret in `text` with `[REDACTED]`. */
export function scrubSecrets(text: string): string {
  if (secrets.size === 0 || typeof text !== 'string') return text;
  pattern ??= new RegExp([...secrets].map(escapeRegExp).join('|'), 'g');
  return text.replace(pattern, '[REDACTED]');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
