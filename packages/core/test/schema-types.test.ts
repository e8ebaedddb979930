/**
 * Compile-time tests: `client.guilds` is typed by the schema of the cache the client is given. Each
 * `@ts-expect-error` fails the build if the field it reads becomes readable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cache } from '@kokoro/cache';
import { Client } from '../src/index.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.schema-types-test-token-000000000000';
const REST = 'http://127.0.0.1:9/api/v10';

describe('client.guilds typed by the cache schema', () => {
  it('narrows members and users to the kept fields; a full cache keeps the full types', () => {
    const cache = new Cache({ presences: false, members: { fields: ['roles'] }, users: { fields: [] } });
    const client = new Client({ name: 'Minimal', token: TOKEN, restUrl: REST, cache });
    const member = client.guilds.get('1')?.members.get('2');
    assert.equal(member?.roles, undefined);
    assert.equal(member?.user.id, undefined);
    // @ts-expect-error nick is not kept by this schema
    assert.equal(member?.nick, undefined);
    // @ts-expect-error users keep no username under this schema
    assert.equal(member?.user.username, undefined);
    const handler = (c: Client) => c.guilds.size;
    assert.equal(handler(client), 0, 'a narrowed client is still a Client');

    const full = new Client({ name: 'Full', token: TOKEN, restUrl: REST, cache: new Cache() });
    assert.equal(full.guilds.get('1')?.members.get('2')?.nick, undefined);
  });
});
