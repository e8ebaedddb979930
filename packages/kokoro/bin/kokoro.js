#!/usr/bin/env node
// The `kokoro` command. This launcher is committed (executable) rather than compiled, so npm can link
// it into node_modules/.bin when it installs the package, before anything is built.
try {
  await import('../dist/src/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/bin.js')) {
    process.stderr.write('kokoro: the package is not built yet; run `npm run build` first\n');
    process.exit(1);
  }
  throw error;
}
