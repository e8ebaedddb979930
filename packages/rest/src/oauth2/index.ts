export { bearerClient } from './bearer.js';
export { type AuthorizationUrlOptions, OAuth2Client, type OAuth2ClientOptions, OAuth2Error } from './client.js';
