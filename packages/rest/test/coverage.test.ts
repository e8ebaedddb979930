import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '@kokoro/common';
import { RestMethods, restMethodNames } from '../src/generated/methods.js';
import { restOperations } from '../src/generated/operations.js';
import type { RestHttpMethod, RestLike, RestLikeOptions } from '../src/generated/rest-like.js';
import { findSpec, requireSpec, skipWithoutSpec } from './spec.js';

const extractPath = fileURLToPath(new URL('../../src/generated/operations.json', import.meta.url));

interface ExtractRow {
  operationId: string;
  method: string;
  path: string;
  name: string;
  aliases?: string[];
}

const httpMethods = ['get', 'post', 'put', 'patch', 'delete'];

/** The spec's operations; without the spec (outside CI), the checked-in extract of it. */
function specOperations(): ExtractRow[] {
  const extract = JSON.parse(readFileSync(extractPath, 'utf8')) as ExtractRow[];
  const specPath = findSpec();
  if (specPath === undefined) return extract;
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  const rows: ExtractRow[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (operation) rows.push({ operationId: operation.operationId, method: method.toUpperCase(), path, name: '' });
    }
  }
  return rows;
}

interface Recorded {
  method: RestHttpMethod;
  path: string;
  options: RestLikeOptions | undefined;
}

class Recorder implements RestLike {
  readonly calls: Recorded[] = [];
  async request<T>(method: RestHttpMethod, path: string, options?: RestLikeOptions): Promise<T> {
    this.calls.push({ method, path, options });
    return undefined as T;
  }
}

class Methods extends RestMethods {
  readonly rest = new Recorder();
}

/** Bodies that pass the validators of the methods that validate. */
const validBodies: Record<string, unknown> = {
  messageCreate: { content: 'hi' },
  webhookMessageCreate: { content: 'hi' },
  interactionResponseCreate: { type: 1 },
  applicationCommandCreate: { name: 'ping', description: 'Pong?' },
  applicationGuildCommandCreate: { name: 'ping', description: 'Pong?' },
  applicationCommandsOverwrite: [],
  applicationGuildCommandsOverwrite: [],
  threadCreate: { name: 'thread' },
};

describe('generated methods cover the spec', () => {
  const operations = specOperations();

  it('the spec itself is read (in CI a missing spec fails here; elsewhere the extract stands in)', {
    skip: skipWithoutSpec(),
  }, () => {
    requireSpec();
  });

  it(`the spec (or its extract) has every operation: ${operations.length}`, () => {
    assert.ok(operations.length >= 242, `expected at least 242 operations, found ${operations.length}`);
  });

  it('every operation of the spec has a method performing it', () => {
    const byId = new Map(restOperations.map((operation) => [operation.operationId, operation]));
    const missing: string[] = [];
    for (const operation of operations) {
      const generated = byId.get(operation.operationId);
      if (!generated || generated.method !== operation.method || generated.path !== operation.path) {
        missing.push(`${operation.method} ${operation.path} (${operation.operationId})`);
        continue;
      }
      const method = (RestMethods.prototype as unknown as Record<string, unknown>)[generated.name];
      if (typeof method !== 'function') missing.push(`${generated.name} for ${operation.operationId}`);
    }
    assert.deepEqual(
      missing,
      [],
      `operations without a method (run npm run generate -w @kokoro/rest):\n${missing.join('\n')}`,
    );
  });

  it('the committed extract matches the generated table', () => {
    const extract = JSON.parse(readFileSync(extractPath, 'utf8')) as ExtractRow[];
    assert.deepEqual(
      extract,
      restOperations.map(({ operationId, method, path, name, aliases }) => ({
        operationId,
        method,
        path,
        name,
        ...(aliases.length > 0 ? { aliases } : {}),
      })),
    );
  });

  it('method names are unique, hata-style and listed in restMethodNames', () => {
    const names = restOperations.flatMap((operation) => [operation.name, ...operation.aliases]);
    assert.equal(new Set(names).size, names.length);
    assert.deepEqual([...restMethodNames], names);
    for (const name of names) assert.match(name, /^[a-z][A-Za-z0-9]*[A-Z][a-z]+[A-Za-z]*$/);
    for (const expected of [
      'messageCreate',
      'messageEdit',
      'messageDelete',
      'messageGet',
      'channelMessagesGet',
      'guildEdit',
      'channelPinsGet',
      'guildMemberAdd',
    ]) {
      assert.ok(names.includes(expected), `${expected} exists`);
    }
  });

  it('each method sends its own HTTP method and path, with path parameters encoded', async () => {
    const calls = restOperations.flatMap((operation) =>
      [operation.name, ...operation.aliases].map((name) => ({ operation, name })),
    );
    for (const { operation, name } of calls) {
      const methods = new Methods();
      const args: unknown[] = [];
      let expectedPath = operation.path;
      operation.pathParameters.forEach((parameter, index) => {
        let value: unknown;
        let encoded: string;
        if (['webhook_token', 'interaction_token', 'emoji_name', 'code', 'instance_id'].includes(parameter)) {
          value = `tok/en ${index}`;
          encoded = `tok%2Fen%20${index}`;
        } else if (parameter === 'answer_id') {
          value = 3;
          encoded = '3';
        } else {
          encoded = `10${index}`;
          value = index % 2 === 0 ? encoded : { id: encoded };
        }
        args.push(value);
        expectedPath = expectedPath.replace(`{${parameter}}`, encoded);
      });
      const body = validBodies[name] ?? validBodies[operation.name] ?? { field: 1 };
      if (operation.body !== 'none') args.push(body);
      if (operation.query === 'argument') args.push({ limit: 5 });
      args.push({ reason: 'because' });

      const call = (methods as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>)[name]!;
      await call.apply(methods, args);

      const [recorded] = methods.rest.calls;
      assert.ok(recorded, `${name} sent a request`);
      assert.equal(recorded.method, operation.method, name);
      assert.equal(recorded.path, expectedPath, name);
      assert.equal(recorded.options?.reason, 'because', `${name} passes options through`);
      if (operation.body !== 'none') assert.equal(recorded.options?.body, body, `${name} sends its body`);
      if (operation.query === 'argument') assert.deepEqual(recorded.options?.query, { limit: 5 }, name);
      const tokenRoute = operation.pathParameters.some((name) => name.endsWith('_token'));
      assert.equal(recorded.options?.auth, tokenRoute ? false : undefined, `${name} auth`);
    }
  });

  it('every method checks each path parameter and rejects a bad one before sending', async () => {
    const methods = new Methods();
    await assert.rejects(methods.userGet('12ab'), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.path, 'user');
      assert.match(error.message, /snowflake.*"12ab"/);
      return true;
    });
    await assert.rejects(methods.guildMemberGet('1', 'pending:F'), /user: expected a snowflake/);
    await assert.rejects(methods.guildGet({ id: 'x' } as never), /guild: .*an object whose id is "x"/);
    const secret = 'not-a-token-but-could-be';
    await assert.rejects(methods.webhookGetToken('1', ''), /webhookToken: expected a non-empty string/);
    await assert.rejects(methods.pollAnswerVotersGet('1', '2', 11), /answer: expected an integer from 1 to 10/);
    await assert.rejects(methods.channelGet(secret), (error: unknown) => error instanceof ValidationError);
    let checked = 0;
    for (const operation of restOperations) {
      for (const name of [operation.name, ...operation.aliases]) {
        for (let bad = 0; bad < operation.pathParameters.length; bad++) {
          const args: unknown[] = operation.pathParameters.map((parameter, index) => {
            const text = ['webhook_token', 'interaction_token', 'emoji_name', 'code', 'instance_id'].includes(
              parameter,
            );
            if (parameter === 'answer_id') return index === bad ? 0 : 1;
            if (text) return index === bad ? '' : 'token';
            return index === bad ? 'pending:Bot' : '1';
          });
          if (operation.body !== 'none') args.push(validBodies[name] ?? validBodies[operation.name] ?? {});
          const call = (methods as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>)[name]!;
          const result = call.apply(methods, args);
          assert.ok(result instanceof Promise, `${name} rejects rather than throws`);
          await assert.rejects(result, ValidationError, `${name} checks parameter ${bad}`);
          checked++;
        }
      }
    }
    assert.equal(methods.rest.calls.length, 0, 'nothing was sent');
    assert.ok(checked > 300, `checked ${checked} parameters`);
  });

  it('validating methods refuse bad input before sending anything', async () => {
    const methods = new Methods();
    await assert.rejects(methods.messageCreate('1', { content: 'x'.repeat(2001) }), ValidationError);
    await assert.rejects(
      methods.messageEdit('1', '2', { embeds: new Array(11).fill({ title: 't' }) }),
      ValidationError,
    );
    await assert.rejects(methods.webhookMessageCreate('1', 'token', { content: '' }), ValidationError);
    await assert.rejects(
      methods.applicationCommandCreate('1', { name: 'Bad Name', description: 'd' }),
      ValidationError,
    );
    await assert.rejects(
      methods.interactionResponseCreate('1', 'token', {
        type: 9,
        data: { title: '', custom_id: 'm', components: [] },
      }),
      (error: unknown) => error instanceof ValidationError && error.path === 'data.title',
    );
    await assert.rejects(
      methods.threadCreate('1', { name: 'post', message: { content: 'x'.repeat(2001) } } as never),
      (error: unknown) => error instanceof ValidationError && error.path === 'message.content',
    );
    await assert.rejects(
      methods.webhookMessageEdit('1', 'token', '2', { components: new Array(6).fill({ type: 1, components: [] }) }),
      ValidationError,
    );
    assert.equal(methods.rest.calls.length, 0);
  });

  it('every operation whose body holds a message, an interaction response or a command validates it', {
    skip: skipWithoutSpec(),
  }, async () => {
    const spec = JSON.parse(readFileSync(requireSpec(), 'utf8')) as SpecDocument;
    // Social SDK lobby messages have limits of their own (content up to 4000), not checked locally.
    const unchecked = new Set(['create_lobby_message']);
    const tooManyEmbeds = { embeds: new Array(11).fill({ title: 't' }) };
    const checked: string[] = [];
    for (const operation of restOperations) {
      const fields = bodyFields(spec, operation.method.toLowerCase(), operation.path);
      let bad: unknown;
      if (fields.has('embeds') || fields.has('components')) bad = tooManyEmbeds;
      else if (fields.has('message')) bad = { name: 'post', message: tooManyEmbeds };
      else if (fields.has('data') && fields.has('type')) bad = { type: 4, data: tooManyEmbeds };
      else if (fields.has('options') && fields.has('description')) bad = { name: 'Bad Name', description: 'd' };
      else continue;
      if (unchecked.has(operation.operationId)) continue;
      const methods = new Methods();
      const args: unknown[] = operation.pathParameters.map((name) => (name.endsWith('_token') ? 'token' : '1'));
      args.push(bad);
      const call = (methods as unknown as Record<string, (...values: unknown[]) => Promise<unknown>>)[operation.name]!;
      await assert.rejects(call.apply(methods, args), ValidationError, `${operation.name} validates its body`);
      assert.equal(methods.rest.calls.length, 0, `${operation.name} sent nothing`);
      checked.push(operation.operationId);
    }
    assert.ok(checked.length >= 10, `found ${checked.length} operations with such bodies`);
  });
});

interface SpecDocument {
  paths: Record<string, Record<string, { requestBody?: unknown }>>;
}

/** The top-level field names of an operation's request body in the spec (all content types, all variants). */
function bodyFields(spec: SpecDocument, method: string, path: string): Set<string> {
  const resolve = (value: unknown): Record<string, unknown> | undefined => {
    let current = value as Record<string, unknown> | undefined;
    for (let depth = 0; current && typeof current.$ref === 'string' && depth < 20; depth++) {
      current = (current.$ref as string)
        .replace('#/', '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], spec) as Record<string, unknown>;
    }
    return current;
  };
  const fields = new Set<string>();
  const collect = (schema: unknown, depth: number): void => {
    const resolved = resolve(schema);
    if (!resolved || depth > 4) return;
    for (const name of Object.keys((resolved.properties as object | undefined) ?? {})) fields.add(name);
    for (const key of ['oneOf', 'anyOf', 'allOf']) {
      for (const variant of (resolved[key] as unknown[] | undefined) ?? []) collect(variant, depth + 1);
    }
  };
  const body = resolve(spec.paths[path]?.[method]?.requestBody);
  const content = (body?.content ?? {}) as Record<string, { schema?: unknown }>;
  for (const media of Object.values(content)) collect(media.schema, 0);
  return fields;
}
