/**
 * The fake voice server's TLS identity: a self-signed P-256 certificate for `127.0.0.1` and
 * `localhost`, valid for a century. Discord's voice endpoints are reached over `wss://`, so the fake
 * accepts TLS as well as plain `ws://` on the same port; a client under test trusts this
 * certificate (`ca: FAKE_VOICE_CERTIFICATE`) or, like @discordjs/voice, which has no such option,
 * runs with certificate checks off in its test process. The key is public and protects nothing: it
 * exists only so that loopback TLS can be spoken.
 */

/** The PEM certificate of the fake voice server (trust it as a CA for `wss://127.0.0.1:PORT`). */
export const FAKE_VOICE_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUXMR8Qoc1bOpFzWJZPqcX/TVAQ5AwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwNjE1MDc1NFoYDzIxMjYxMTEy
MTUwNzU0WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQstOWrhQOGk+BEk90tZI20um1bcaVWD945bwgz0qtxoeq1aVKnWG4U
P0wnVIAwmGuwEYuL5S6MfB62CL+bftP2o28wbTAdBgNVHQ4EFgQUtaDVibapfx5F
4VVxd6Pazn3bVp8wHwYDVR0jBBgwFoAUtaDVibapfx5F4VVxd6Pazn3bVp8wDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSAAwRQIhAIcqLCnKsvQ//MsXCMc80QYXgFdwRf2wMpKAIiMnAApSAiBF
+Xkx3Tq5vDrnwROyWfFypUH0aqYR/DJ+SnIDYaEcig==
-----END CERTIFICATE-----
`;

/** The PEM private key of {@link FAKE_VOICE_CERTIFICATE} (public on purpose; loopback only). */
export const FAKE_VOICE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggsa0s6chunj6k1QQ
xNrjyukf86iZyA9zV6b+kFRSic2hRANCAAQstOWrhQOGk+BEk90tZI20um1bcaVW
D945bwgz0qtxoeq1aVKnWG4UP0wnVIAwmGuwEYuL5S6MfB62CL+bftP2
-----END PRIVATE KEY-----
`;
