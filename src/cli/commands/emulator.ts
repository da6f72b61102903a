import type { Command } from 'commander';

// Placeholder while the command is being built; replaced by its owner.
export function registerEmulator(_program: Command): void {}
