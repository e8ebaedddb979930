export {};
// Typed methods (generated), validation, OAuth2: owned by the codegen engineer.
export { RestMethods, type RestMethodName, restMethodNames } from './generated/methods.js';
export { type RestOperation, restOperations } from './generated/operations.js';
export type {
  IdLike,
  MethodOptions,
  MethodOptionsWithFiles,
  MethodOptionsWithQuery,
  RestHttpMethod,
  RestLike,
  RestLikeFile,
  RestLikeOptions,
} from './generated/rest-like.js';
export * from './validation/index.js';
