#!/usr/bin/env node
// `oura get` streams long histories, and V8's young generation grows to its
// 16 MB semi-space maximum while prefetched windows wait to be printed: that
// mostly inflates peak memory, not speed (two years of heart rate, npm run
// bench: ~145 MB -> ~110 MB, same CPU time). The size limit is fixed when the
// heap starts, so it cannot be set from here; the growth factor is read at
// each resize, so keeping it at 1 holds the young generation at its initial
// size. A flag in the shebang would do the same but breaks `env` without -S
// (BusyBox, Alpine) and npm's Windows shims.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
await import('../dist/cli/main.js');
