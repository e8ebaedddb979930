/**
 * Benchmark runner: `npm run bench -- <name> [args]` loads `./<name>.js`, which prints its own table
 * and returns the figures; they are printed last as one JSON line, for machines to read.
 */
const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error(
    'usage: npm run bench -- <gateway|gateway-inflate|gateway-soak|rest|rest-replay|cache|multiclient|ingest|ed25519|cluster|jetstream-floor|voice> [args]',
  );
  process.exit(2);
}
let mod: { run(args: string[]): Promise<Record<string, unknown>> };
try {
  mod = await import(`./${name}.js`);
} catch (error) {
  console.error(`unknown benchmark "${name}": ${(error as Error).message}`);
  process.exit(2);
}
const result = await mod.run(args);
console.log(JSON.stringify(result));
process.exit(0);
