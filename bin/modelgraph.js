#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the bin works from any working directory.
// tsx looks for tsconfig.json in the working directory: point it at ours (decorators need it).
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import("../src/cli/main.ts");
