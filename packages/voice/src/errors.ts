/**
 * Voice errors. Each says what happened and what to do about it; none carries a token.
 */
import { KokoroError } from '@kokoro/common';

/** Base of every voice error. */
export class VoiceError extends KokoroError {
  constructor(message: string, options?: { cause?: unknown }, code = 'KOKORO_VOICE') {
    super(code, message, options);
  }
}

/**
 * The voice server closed the connection with a code that must not be retried (4017 E2EE required,
 * 4004 authentication failed, 4016 unknown encryption mode...). The connection is over.
 */
export class VoiceCloseError extends VoiceError {
  /** The voice gateway close code. */
  readonly closeCode: number;

  constructor(closeCode: number, message: string) {
    super(`voice gateway closed with ${closeCode}: ${message}`, undefined, 'KOKORO_VOICE_CLOSED');
    this.closeCode = closeCode;
  }
}

/** Joining took too long: Discord never sent the voice state/server updates, or the voice server never got ready. */
export class VoiceJoinTimeoutError extends VoiceError {
  constructor(step: string, ms: number) {
    super(
      `voice join timed out after ${ms} ms while ${step}; check the bot may connect to the channel (CONNECT permission, user limit) and has the GUILD_VOICE_STATES intent`,
      undefined,
      'KOKORO_VOICE_TIMEOUT',
    );
  }
}

/** A source needs ffmpeg and no `ffmpeg` executable was found. */
export class FfmpegNotFoundError extends VoiceError {
  constructor(path: string) {
    super(
      `this audio source needs ffmpeg to be decoded, and no "${path}" executable was found on PATH; install ffmpeg (e.g. apt-get install ffmpeg), pass its path as the ffmpegPath option, or play raw PCM (s16le 48 kHz stereo), WAV or Ogg/Opus, which need no ffmpeg`,
      undefined,
      'KOKORO_VOICE_FFMPEG',
    );
  }
}

/** An audio source could not be read (bad WAV or Ogg data, unsupported format). */
export class AudioSourceError extends VoiceError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options, 'KOKORO_VOICE_SOURCE');
  }
}

/** The connection was left or destroyed while an operation waited on it. */
export class VoiceConnectionDestroyedError extends VoiceError {
  constructor(what: string) {
    super(`${what}: the voice connection was left or destroyed`, undefined, 'KOKORO_VOICE_DESTROYED');
  }
}
