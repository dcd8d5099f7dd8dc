/**
 * Which registry format a file is, from its content (the CLI's `facts import` without
 * `--format`). Decided on the structure, never on the file name: a LiteLLM map's entries carry
 * `litellm_provider`, a models.dev `api.json`'s providers carry a `models` object.
 */
import { RegistryFormatError, type RegistryFormat } from "./formats.ts";

const EITHER = "a models.dev api.json (MODELS_DEV_JSON) or a LiteLLM model_prices_and_context_window.json (LITELLM_MODEL_PRICES)";

export function detectRegistryFormat(content: string, source: string): RegistryFormat {
  if (content.trim() === "") throw new RegistryFormatError(source, "$", `the file is empty; expected ${EITHER}`);
  let root: unknown;
  try {
    root = JSON.parse(content);
  } catch (error) {
    const detail = (error as Error).message;
    const pos = /position (\d+)/.exec(detail);
    const atEnd = /end of (JSON )?input/i.test(detail);
    const at = pos ? Number(pos[1]) : atEnd ? content.length : null;
    const where = at === null ? "" : ` (${lineCol(content, at)})`;
    const truncated = (at !== null && at >= content.trimEnd().length) || atEnd ? "; the file looks truncated" : "";
    throw new RegistryFormatError(source, "$", `not valid JSON${where}: ${detail}${truncated}; expected ${EITHER}`);
  }
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    throw new RegistryFormatError(source, "$", `the file holds ${Array.isArray(root) ? "a list" : String(root === null ? "null" : typeof root)}; expected ${EITHER}`);
  }
  let litellm = 0;
  let modelsDev = 0;
  for (const value of Object.values(root)) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) continue;
    if ("litellm_provider" in value) litellm++;
    const models = (value as { models?: unknown }).models;
    if (typeof models === "object" && models !== null && !Array.isArray(models)) modelsDev++;
  }
  if (litellm > 0 && modelsDev === 0) return "LITELLM_MODEL_PRICES";
  if (modelsDev > 0 && litellm === 0) return "MODELS_DEV_JSON";
  const why = litellm > 0 ? `it has both entries with \`litellm_provider\` (${litellm}) and providers with \`models\` (${modelsDev})` : "no entry has `litellm_provider` and no provider has a `models` object";
  throw new RegistryFormatError(source, "$", `cannot tell the format: ${why}; expected ${EITHER}, or name the format explicitly`);
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  return `line ${before.split("\n").length}, column ${pos - before.lastIndexOf("\n")}`;
}
