/**
 * Loaded on the event thread before bot modules: lets `kokoro run bots.ts` load TypeScript
 * directly (through tsx's loader hooks, for both ES modules and CommonJS).
 */
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerEsm();
registerCjs();
