/**
 * From the text after a command's name to its handler's `args`. Without declared parameters the
 * handler gets the words (quotes respected) and `args.rest`, the raw text. With parameters, each
 * takes one argument in declaration order (a rest parameter takes the raw remainder); a missing
 * required one, a value its parser refuses, or an argument left over is a `ParameterError` naming
 * the parameter and its position, with the usage line; the handler is not called.
 */
import { ParameterError, ParamValueError } from './errors.js';
import type { Param, ParamContext } from './params.js';
import type { Command, CommandArgs } from './registry.js';
import { tokenize } from './tokenize.js';

/** Parse `line` (what follows the command's name) into the command's `args`. */
export async function parseArgs(
  command: Command,
  line: string,
  context: ParamContext,
  prefix: string,
): Promise<CommandArgs | Record<string, unknown>> {
  const tokens = tokenize(line);
  if (!command.params)
    return Object.assign(
      tokens.map((t) => t.value),
      { rest: line.trimStart() },
    );

  const entries = Object.entries(command.params);
  const values: Record<string, unknown> = {};
  const fail = (
    name: string | undefined,
    position: number,
    value: string | undefined,
    reason: string,
    p?: Param<unknown>,
  ) =>
    new ParameterError({
      command: command.fullName,
      parameter: name,
      position,
      value,
      reason,
      usage: command.usage(prefix),
      ...(p?.message ? { message: fill(p.message, name ?? '', value ?? '', reason) } : {}),
    });

  let next = 0;
  for (const [index, [name, p]] of entries.entries()) {
    let text: string | undefined;
    if (p.isRest) {
      text = next < tokens.length ? line.slice(tokens[next]!.start).trim() : undefined;
      next = tokens.length;
    } else if (next < tokens.length) text = tokens[next++]!.value;
    if (text === undefined) {
      if (!p.isOptional) throw fail(name, index + 1, undefined, `missing (expected ${article(p.kind)})`, p);
      values[name] = p.fallback(context);
      continue;
    }
    try {
      values[name] = await p.parse(text, context);
    } catch (error) {
      if (error instanceof ParamValueError) throw fail(name, index + 1, text, error.reason, p);
      throw error;
    }
  }
  if (next < tokens.length) {
    throw fail(
      undefined,
      entries.length + 1,
      tokens[next]!.value,
      `too many arguments (this command takes ${entries.length})`,
    );
  }
  return values;
}

function article(kind: string): string {
  if (kind === 'text' || kind === 'yes/no') return kind;
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function fill(template: string, name: string, value: string, reason: string): string {
  return template.replaceAll('{name}', name).replaceAll('{value}', value).replaceAll('{reason}', reason);
}
