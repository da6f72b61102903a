#!/usr/bin/env node
// `oura get` streams long histories, and V8's young generation grows to its
// 16 MB semi-space maximum while prefetched windows wait to be printed: that
// mostly inflates peak memory, not speed (two years of heart rate, npm run
// bench: ~145 MB -> ~110 MB, same CPU time). The size limit is fixed when the
// heap starts, so it cannot be set from here; the growth factor is read at
// each resize, so keeping it at 1 holds the young generation at its initial
// size. A flag in the shebang would do the same but breaks `env` without -S
// (BusyBox, Alpine) and npm's Windows shims.
//
// fetch parses HTTP with a WebAssembly module, and V8 re-compiles it with its
// optimising tier in the background; Node waits for that at exit, ~70 ms after
// a one-request command has finished. The baseline tier alone parses a
// 6-month heart-rate stream as fast here (npm run bench: start-up rows).
//
// Node 22.1+ keeps the compiled code of our modules and commander on disk
// (in the temp dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so later runs
// skip compiling them. Node 20 has no such cache: there the call is skipped.
import module from 'node:module';
import { setProcessV8Flags } from '../dist/cli/v8-flags.js';

module.enableCompileCache?.();
setProcessV8Flags('--semi-space-growth-factor=1 --liftoff-only');
await import('../dist/cli/main.js');
