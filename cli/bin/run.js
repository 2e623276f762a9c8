#!/usr/bin/env node
// The `judge` command line.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
