#!/usr/bin/env -S node --max-semi-space-size=4
// A small young generation: `oura get` streams long histories, and V8's
// default (16 MB semi-spaces) mostly inflates peak memory, not speed
// (two years of heart rate: ~150 MB -> ~120 MB, same wall time; npm run bench).
import '../dist/cli/main.js';
