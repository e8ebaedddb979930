/**
 * @kokoro/rest: Discord's REST API for Kokoro — one undici pool shared by every client, per-token
 * rate limiting that follows Discord's buckets, typed errors, raw calls, and typed methods.
 *
 * @document ../README.md
 *
 * @module @kokoro/rest
 */
export {
  type EncodedBody,
  encodeAuditLogReason,
  encodeBody,
  encodeQuery,
  type QueryInit,
  type RestFile,
} from './body.js';
export { RestClosedError } from './closed-error.js';
export {
  DiscordAPIError,
  flattenErrors,
  InvalidRequestLimitError,
  NetworkError,
  RateLimitError,
  type RateLimitScope,
  RequestDeadlineError,
} from './errors.js';
export { fileDataKind, readFiles } from './files.js';
// Typed methods (generated), validation, OAuth2: owned by the codegen engineer.
export { type RestMethodName, RestMethods, restMethodNames } from './generated/methods.js';
export { type RestOperation, restOperations } from './generated/operations.js';
export type {
  FileData,
  IdLike,
  MethodOptions,
  MethodOptionsWithFiles,
  MethodOptionsWithQuery,
  RestHttpMethod,
  RestLike,
  RestLikeFile,
  RestLikeOptions,
} from './generated/rest-like.js';
export { TypedRest } from './generated/typed-rest.js';
export * from './oauth2/index.js';
export { type Encodable, messagePayload, toPayload } from './payload.js';
export { defaultRestPool, RestPool, type RestPoolOptions } from './pool.js';
export { Bucket, type BucketState } from './ratelimit/bucket.js';
export { type Decision, type RateLimitAnswer, readRateLimit } from './ratelimit/decide.js';
export { GlobalLimit, type GlobalPermit } from './ratelimit/global-limit.js';
export {
  InvalidRequestGuard,
  type InvalidRequestGuardOptions,
  type InvalidRequestLevel,
  processInvalidRequestGuard,
  SHARED_COUNT_VALID_MS,
} from './ratelimit/invalid-request-guard.js';
export type { IncomingHttpHeaders, JobState, RawResponse, RestJob } from './ratelimit/job.js';
export { RateLimiter, type RateLimiterOptions } from './ratelimit/limiter.js';
export { type RateLimitAnswerScope, RestCounters } from './ratelimit/rest-counters.js';
export type { RateLimitAnswerState, RateLimitStore } from './ratelimit/store.js';
export { type HttpMethod, type RequestOptions, Rest, type RestOptions } from './rest.js';
export { applicationIdFromToken, parseRoute, type Route } from './route.js';
export * from './validation/index.js';
export { DEFAULT_BASE_URL, DEFAULT_USER_AGENT, VERSION } from './version.js';
