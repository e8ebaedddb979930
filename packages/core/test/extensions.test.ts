import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExtensionError, registerExtension, resolveExtensions } from '../src/extensions.js';

test('unknown, duplicated and built-in-but-unloaded extensions are clear errors', () => {
  assert.throws(
    () => resolveExtensions(['nope'], {}, 'Bot'),
    (error: Error) => {
      assert.ok(error instanceof ExtensionError);
      assert.match(error.message, /client "Bot": unknown extension "nope"/);
      return true;
    },
  );
  assert.throws(
    () => resolveExtensions(['commands'], { prefix: '!' }, 'Bot'),
    /built in but not loaded; import '@kokoro\/commands'/,
  );
  registerExtension('greeter', { requiredOptions: ['greeting'], setup() {} });
  assert.throws(() => resolveExtensions(['greeter'], {}, 'Bot'), /extension "greeter" needs the option "greeting"/);
  assert.throws(() => resolveExtensions(['greeter', 'greeter'], { greeting: 'hi' }, 'Bot'), /listed twice/);
  assert.equal(resolveExtensions(['greeter'], { greeting: 'hi' }, 'Bot').length, 1);
  assert.throws(() => registerExtension('Bad Name', { setup() {} }), /must be lowercase/);
});

test('an extension validator runs at resolution', () => {
  registerExtension('strict', {
    validate(options) {
      if (typeof options.level !== 'number') throw new ExtensionError('extension "strict": level must be a number');
    },
    setup() {},
  });
  assert.throws(() => resolveExtensions(['strict'], { level: 'high' }, 'Bot'), /level must be a number/);
});
