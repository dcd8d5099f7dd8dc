#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the bin works from any working directory.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
