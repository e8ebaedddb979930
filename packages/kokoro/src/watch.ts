/**
 * `kokoro run --watch`: when a bot module's file changes, reload it through the runtime's `reload`
 * (its handlers and commands are swapped for the new code without reconnecting); the event thread
 * prints what was replaced, or why it could not be (a module that creates clients is never
 * reloaded: its bots would log in twice).
 *
 * Each module's folder is watched rather than the file, because editors often save by writing a new
 * file and renaming it over the old one. Changes that come together (an editor writes in several
 * steps) are gathered for a moment and give one reload.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { RuntimeHandle } from '@kokoro/core';

/** How long changes to one file are gathered into one reload, ms. */
const SETTLE_MS = 50;

/** Watch the bot modules given as paths (package names are not watched); returns a function that stops. */
export function watchModules(
  handle: Pick<RuntimeHandle, 'reload'>,
  modules: readonly string[],
  cwd: string,
): () => void {
  const byFolder = new Map<string, Map<string, string>>();
  for (const module of modules) {
    const isPath = isAbsolute(module) || module.startsWith('.') || /\.[cm]?[jt]sx?$/.test(module);
    if (!isPath || module.startsWith('file:')) continue;
    const file = resolve(cwd, module);
    const names = byFolder.get(dirname(file)) ?? new Map<string, string>();
    names.set(basename(file), module);
    byFolder.set(dirname(file), names);
  }
  const timers = new Map<string, NodeJS.Timeout>();
  const watchers: FSWatcher[] = [];
  for (const [folder, names] of byFolder) {
    const watcher = watch(folder, (_event, filename) => {
      const module = filename ? names.get(String(filename)) : undefined;
      if (module === undefined) return;
      clearTimeout(timers.get(module));
      timers.set(
        module,
        setTimeout(() => {
          timers.delete(module);
          handle.reload(module, 'file changed');
        }, SETTLE_MS),
      );
    });
    watcher.unref();
    watchers.push(watcher);
  }
  return () => {
    for (const watcher of watchers) watcher.close();
    for (const timer of timers.values()) clearTimeout(timer);
  };
}
