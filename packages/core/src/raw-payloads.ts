/**
 * Discord's raw gateway payload types, re-exported under Kokoro's names so bot code that handles
 * raw payloads (`client.onGatewayPayload`) can annotate and narrow them
 * without depending on discord-api-types itself. Narrow a dispatch by its `t`:
 * `if (payload.t === GatewayDispatchEvents.MessageCreate) payload.d.content`.
 */
import type * as V10 from 'discord-api-types/v10';

/** Every payload Discord sends on the gateway (dispatches, HELLO, heartbeat ACK, reconnect…): narrow by `op`, then `t`. */
export type GatewayReceivePayload = V10.GatewayReceivePayload;
/** Every dispatch (op 0) payload: a union over `t`, so `payload.t === GatewayDispatchEvents.X` narrows `payload.d`. */
export type GatewayDispatchPayload = V10.GatewayDispatchPayload;
/** Every payload a client sends on the gateway (identify, heartbeat, presence, voice state…). */
export type GatewaySendPayload = V10.GatewaySendPayload;
/** The raw READY dispatch. */
export type GatewayReadyDispatch = V10.GatewayReadyDispatch;
/** The raw GUILD_CREATE dispatch. */
export type GatewayGuildCreateDispatch = V10.GatewayGuildCreateDispatch;
/** The raw MESSAGE_CREATE dispatch; `d` is the message as Discord sent it. */
export type GatewayMessageCreateDispatch = V10.GatewayMessageCreateDispatch;
/** The `d` of a MESSAGE_CREATE dispatch: Discord's message JSON plus `guild_id` and `member`. */
export type GatewayMessageCreateDispatchData = V10.GatewayMessageCreateDispatchData;
/** The raw INTERACTION_CREATE dispatch. */
export type GatewayInteractionCreateDispatch = V10.GatewayInteractionCreateDispatch;
/** The raw VOICE_STATE_UPDATE dispatch. */
export type GatewayVoiceStateUpdateDispatch = V10.GatewayVoiceStateUpdateDispatch;
/** Discord's message JSON (snake_case, as on the wire). */
export type APIMessage = V10.APIMessage;
/** Discord's user JSON (snake_case, as on the wire). */
export type APIUser = V10.APIUser;
/** Discord's interaction JSON (snake_case, as on the wire). */
export type APIInteraction = V10.APIInteraction;
