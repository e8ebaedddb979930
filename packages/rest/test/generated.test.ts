import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RestMethods } from '../src/generated/methods.js';
import type { RestHttpMethod, RestLike, RestLikeOptions } from '../src/generated/rest-like.js';
import { TypedRest } from '../src/generated/typed-rest.js';
import { requireSpec, skipWithoutSpec } from './spec.js';

const generator = fileURLToPath(new URL('../../scripts/generate.mjs', import.meta.url));

class Recorder implements RestLike {
  readonly calls: { method: RestHttpMethod; path: string; options: RestLikeOptions | undefined }[] = [];
  async request<T>(method: RestHttpMethod, path: string, options?: RestLikeOptions): Promise<T> {
    this.calls.push({ method, path, options });
    return { id: '1' } as T;
  }
}

describe('generated methods', () => {
  it('the checked-in output is what the generator makes from the spec', {
    skip: skipWithoutSpec(),
  }, () => {
    const output = execFileSync(process.execPath, [generator, '--check', requireSpec()], { encoding: 'utf8' });
    assert.match(output, /up to date: 242 methods/);
  });

  it('TypedRest puts the methods on any RestLike', async () => {
    const rest = new Recorder();
    const typed = new TypedRest(rest);
    assert.ok(typed instanceof RestMethods);
    await typed.guildEdit({ id: '5' }, { name: 'new name' }, { reason: 'tidy' });
    await typed.channelMessagesGet('7', { limit: 50, before: '9' });
    await typed.messageReactionAdd('7', '8', 'name:123');
    await typed.guildMemberAdd('5', '6', { access_token: 'user-token' });
    assert.deepEqual(
      rest.calls.map((call) => `${call.method} ${call.path}`),
      [
        'PATCH /guilds/5',
        'GET /channels/7/messages',
        'PUT /channels/7/messages/8/reactions/name%3A123/@me',
        'PUT /guilds/5/members/6',
      ],
    );
    assert.deepEqual(rest.calls[0]!.options, { reason: 'tidy', body: { name: 'new name' } });
    assert.deepEqual(rest.calls[1]!.options?.query, { limit: 50, before: '9' });
  });

  it('methods with a query besides a body take it in options', async () => {
    const rest = new Recorder();
    await new TypedRest(rest).webhookMessageCreate('1', 'token', { content: 'hi' }, { query: { wait: true } });
    assert.deepEqual(rest.calls[0]!.options, { query: { wait: true }, body: { content: 'hi' }, auth: false });
  });
});
