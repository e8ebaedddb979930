/**
 * `client.voiceJoin` without loading voice up front: this puts a stub on the Client that imports
 * @kokoro/voice (native modules: @discordjs/opus, sodium-native, @snazzah/davey) on first use; the
 * import installs the real methods, which the stub then calls. A bot that never joins voice never
 * loads any of it. The types come from @kokoro/voice's augmentation of the Client.
 */
import { KokoroClient } from '@kokoro/core';
import type {} from '@kokoro/voice';

type VoiceModule = typeof import('@kokoro/voice');
let loading: Promise<VoiceModule> | undefined;

/** Load @kokoro/voice once. */
export function loadVoice(): Promise<VoiceModule> {
  loading ??= import('@kokoro/voice');
  return loading;
}

const proto = KokoroClient.prototype as KokoroClient & Record<string, unknown>;
if (typeof proto.voiceJoin !== 'function') {
  proto.voiceJoin = async function (this: KokoroClient, ...args: Parameters<KokoroClient['voiceJoin']>) {
    const voice = await loadVoice();
    return voice.voiceJoin(this, ...args);
  };
  // Before voice is loaded, no client has a voice connection.
  proto.voiceConnection = () => undefined;
}
