/**
 * Interactions over HTTP: instead of the gateway, Discord POSTs each interaction to an endpoint of
 * the bot's. Every request is verified first (Ed25519 signature over timestamp + raw body, and a
 * fresh timestamp); anything else gets 401 and never reaches a handler. A PING is answered PONG; any
 * other interaction goes to the same handlers as over the gateway, and the initial response (an
 * answer, a deferral — automatic near the 3 s limit too —, a modal, choices) is the HTTP answer.
 * Follow-ups and edits go over REST, as always.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@kokoro/common';
import { type KokoroClient, KokoroError } from '@kokoro/core';
import { type APIInteraction, InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { Responder } from '../event.js';
import { createVerifier } from './verify.js';

/** Options of `client.slash.listen`. */
export interface ListenOptions {
  /** The application's public key (64 hex digits, from the developer portal). */
  publicKey: string;
  /** Port (default 0: any free port; see `url`). */
  port?: number;
  /** Host (default 127.0.0.1; `0.0.0.0` behind a proxy). */
  host?: string;
  /** Path of the endpoint (default `/interactions`). */
  path?: string;
  /** Largest body accepted, bytes (default 1 MiB). */
  maxBody?: number;
  /** How old a signed timestamp may be, seconds (default 300). */
  maxAge?: number;
}

/** A running interactions endpoint. */
export interface InteractionsServer {
  /** `http://host:port/path`: what to enter as the Interactions Endpoint URL. */
  readonly url: string;
  /** The port it listens on (the one chosen when 0 was asked). */
  readonly port: number;
  /** Stop listening. */
  close(): Promise<void>;
}

/** Start an HTTP interactions endpoint for `client`; `handle` is the extension's dispatcher. */
export async function listenForInteractions(
  client: KokoroClient,
  handle: (interaction: APIInteraction, responder: Responder) => Promise<void>,
  clock: Clock,
  options: ListenOptions,
): Promise<InteractionsServer> {
  const verify = createVerifier(options.publicKey, options.maxAge ?? 300);
  const path = options.path ?? '/interactions';
  const maxBody = options.maxBody ?? 1024 * 1024;

  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== path) {
      refuse(res, 404, 'not found');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        refuse(res, 413, 'body too large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const body = Buffer.concat(chunks);
      const failure = verify(
        header(req, 'x-signature-ed25519'),
        header(req, 'x-signature-timestamp'),
        body,
        clock.now(),
      );
      if (failure) {
        client.logger.debug(`slash: refused an HTTP interaction for ${client.name}: ${failure}`);
        refuse(res, 401, 'invalid request signature');
        return;
      }
      let interaction: APIInteraction;
      try {
        interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
      } catch {
        refuse(res, 400, 'body is not JSON');
        return;
      }
      if (interaction.type === InteractionType.Ping) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ type: InteractionResponseType.Pong }));
        return;
      }
      let answered = false;
      const responder: Responder = async (response, files) => {
        if (answered) throw new KokoroError('KOKORO_INTERACTION_RESPONSE', 'the HTTP answer was already sent');
        answered = true;
        if (files && files.length > 0) {
          // An HTTP answer carries JSON only: defer in it, then send the message with its files over REST.
          await new Promise<void>((resolve) => {
            const deferral = {
              type: InteractionResponseType.DeferredChannelMessageWithSource,
              data: { flags: (response.data as { flags?: number })?.flags ?? 0 },
            };
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(deferral), () => resolve());
          });
          await client.interactionResponseEdit(interaction.application_id, interaction.token, response.data as never, {
            files,
          });
          return;
        }
        // Resolve once the answer is handed to the socket, so follow-ups are sent after it.
        await new Promise<void>((resolve) => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response), () => resolve());
        });
      };
      handle(interaction, responder)
        .catch((error: unknown) => client.reportError(error, 'interactionCreate'))
        .finally(() => {
          if (!answered) {
            client.logger.warn(`slash: no answer to HTTP interaction ${interaction.id} of ${client.name}`);
            refuse(res, 500, 'no answer');
          }
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${address.port}${path}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
