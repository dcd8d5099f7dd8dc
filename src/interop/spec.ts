import { Composer, CST, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type Document, type Node } from "yaml";
import { createHash } from "node:crypto";
import { BadUserInputError, CatalogError } from "../graphql/errors.ts";
import type { FactsOverride } from "../db/schema.ts";

/*
 * The neutral form both config formats parse into and the catalog is applied from, plus the
 * source positions that let every error name the line (YAML) or JSON path it comes from.
 */

export type ConfigSyntax = "yaml" | "json";

/** Where a value came from: `path` is JSONPath-like (`$.model_list[3].litellm_params.model`). */
export interface Loc {
  syntax: ConfigSyntax;
  source: string;
  path: string;
  line: number | null;
  column: number | null;
}

/**
 * A provider as a file describes it. LiteLLM entries without `model_info.modelgraph.provider`
 * leave `name` null: the importer reuses a provider with the same (type, API base, key) or creates
 * one called `suggestedName` (with a numeric suffix on collision).
 */
export interface ProviderSpec {
  name: string | null;
  suggestedName: string;
  type: string;
  /** The provider's own API base; null: its type's default. */
  apiBase: string | null;
  /** undefined: the format cannot say (leave a stored value alone); null: the type's default. */
  apiKeyEnv: string | null | undefined;
  /** A literal key to store encrypted; undefined keeps whatever is stored. */
  apiKey: string | undefined;
  displayName: string | null | undefined;
  loc: Loc;
}

/** Fields left undefined are not expressed by the file: defaults on create, untouched on update. */
export interface DeploymentSpec {
  provider: ProviderSpec;
  model: string;
  /** The deployment's own API base override; null uses the provider's. */
  apiBase: string | null;
  priority: number | undefined;
  weight: number | undefined;
  rpm: number | null | undefined;
  tpm: number | null | undefined;
  enabled: boolean | undefined;
  probe: "AUTO" | "COMPLETION" | "OFF" | undefined;
  externalId: string | null | undefined;
  extraParams: Record<string, unknown> | null | undefined;
  /**
   * Model facts the file states for this deployment (LiteLLM `model_info.max_input_tokens`,
   * `input_cost_per_token`, …) as a `facts_override`: null = the file states none; undefined =
   * the format has no place for facts (the stored override is left alone).
   */
  factsOverride?: FactsOverride | null;
  loc: Loc;
}

export interface GroupSpec {
  name: string;
  mode: string | undefined;
  description: string | null | undefined;
  deployments: DeploymentSpec[];
  loc: Loc;
}

export interface AliasSpec {
  name: string;
  target: string;
  hidden: boolean | undefined;
  description: string | null | undefined;
  loc: Loc;
}

export interface ConfigSpec {
  providers: ProviderSpec[];
  groups: GroupSpec[];
  aliases: AliasSpec[];
  warnings: string[];
}

/** The catalog as export sees it; literal keys only as a flag. */
export interface CatalogSnapshot {
  providers: SnapshotProvider[];
  /** By name; deployments in display order (enabled in candidate order, then disabled). */
  groups: SnapshotGroup[];
  aliases: SnapshotAlias[];
}

export interface SnapshotProvider {
  name: string;
  type: string;
  prefix: string;
  apiBase: string | null;
  apiKeyEnv: string | null;
  hasLiteralKey: boolean;
  displayName: string | null;
}

export interface SnapshotDeployment {
  provider: string;
  model: string;
  prefixedId: string;
  apiBase: string | null;
  priority: number;
  weight: number;
  rpm: number | null;
  tpm: number | null;
  enabled: boolean;
  probe: string;
  externalId: string | null;
  extraParams: Record<string, unknown> | null;
}

export interface SnapshotGroup {
  name: string;
  mode: string;
  description: string | null;
  deployments: SnapshotDeployment[];
  /** Names of the aliases pointing at it, sorted. */
  aliases: string[];
}

export interface SnapshotAlias {
  name: string;
  target: string;
  hidden: boolean;
  description: string | null;
}

export interface Serialized {
  content: string;
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Locations and errors

type Segment = string | number;

/** `$.a.b[2]["x.y"]`: identifiers after a dot, anything else quoted in brackets. */
export function formatPath(segments: readonly Segment[]): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** The prefix of every located message: `input:12` for YAML, `$.providers.vllm (input:7)` for JSON. */
export function where(loc: Loc): string {
  if (loc.syntax === "json") return loc.line != null ? `${loc.path} (${loc.source}:${loc.line})` : loc.path;
  return loc.line != null ? `${loc.source}:${loc.line}` : `${loc.source}: ${loc.path}`;
}

function locationExtension(loc: Loc) {
  return { source: loc.source, path: loc.path, line: loc.line, column: loc.column };
}

export function locatedError(loc: Loc, message: string, extensions: Record<string, unknown> = {}): BadUserInputError {
  return new BadUserInputError(`${where(loc)}: ${message}`, { ...extensions, location: locationExtension(loc) });
}

/** Runs `fn`; a catalog error it throws (a validation helper's, a service's) gets the location. */
export function atLoc<T>(loc: Loc, fn: () => T, context?: string): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof CatalogError) || (error.extensions as Record<string, unknown>).location) throw error;
    const { code: _code, ...rest } = error.extensions as Record<string, unknown>;
    throw locatedError(loc, context ? `${context}: ${error.message}` : error.message, rest);
  }
}

/** Says what a JSON/YAML value is, for "expected X, got Y" messages. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A parsed config file: plain values (as LiteLLM's or nanobot's own loader would see them) plus a
 * map from paths to source positions. JSON is parsed with JSON.parse (strict) and positioned
 * through the YAML parser, which reads JSON as YAML 1.2 and also catches duplicate keys.
 */
export class ConfigSource {
  private readonly positions = new Map<string, number>();

  private constructor(
    readonly syntax: ConfigSyntax,
    readonly source: string,
    readonly value: unknown,
    private readonly lines: LineCounter,
  ) {}

  static yaml(text: string, source: string): ConfigSource {
    const content = text.replace(/^\uFEFF/, "");
    checkSize(content, source);
    const lines = new LineCounter();
    const doc = composeChecked(content, source, "yaml", lines, true);
    const first = doc.errors[0];
    if (first) {
      const { line, col } = lines.linePos(first.pos[0]);
      throw syntaxError(source, line, col, `invalid YAML: ${first.message}`);
    }
    checkMappings(doc, "yaml", source, lines);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      throw syntaxError(source, null, null, `invalid YAML: ${(error as Error).message}`);
    }
    const file = new ConfigSource("yaml", source, value, lines);
    file.index(doc);
    return file;
  }

  static json(text: string, source: string): ConfigSource {
    const content = text.replace(/^\uFEFF/, "");
    checkSize(content, source);
    const lines = new LineCounter();
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      const message = (error as Error).message.replace(/ in JSON at position \d+.*$/, "");
      const offset = jsonErrorOffset(content) ?? Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? NaN);
      countLines(content, lines);
      const { line, col } = Number.isNaN(offset) ? { line: null, col: null } : lines.linePos(offset);
      throw syntaxError(source, line, col, `invalid JSON: ${message}`);
    }
    // JSON.parse silently keeps the last of duplicate keys; one scan of the text finds them (and
    // the other refusals) before the much slower YAML parser reads it for positions.
    checkJsonObjects(content, source);
    const doc = composeChecked(content, source, "json", lines, false);
    checkMappings(doc, "json", source, lines);
    const file = new ConfigSource("json", source, value, lines);
    if (doc.errors.length === 0) file.index(doc);
    return file;
  }

  /** The location of `path`, or of its nearest ancestor that has one. */
  loc(path: readonly Segment[]): Loc {
    for (let n = path.length; n >= 0; n--) {
      const offset = this.positions.get(formatPath(path.slice(0, n)));
      if (offset !== undefined) {
        const { line, col } = this.lines.linePos(offset);
        return { syntax: this.syntax, source: this.source, path: formatPath(path), line, column: col };
      }
    }
    // Nothing positioned (an empty document): the start of the file.
    return { syntax: this.syntax, source: this.source, path: formatPath(path), line: 1, column: 1 };
  }

  fail(path: readonly Segment[], message: string): never {
    throw locatedError(this.loc(path), message);
  }

  private index(doc: Document): void {
    const visit = (node: unknown, path: Segment[], depth: number): void => {
      if (depth > 64 || !node) return;
      const key = formatPath(path);
      const start = (node as Node).range?.[0];
      if (start !== undefined && !this.positions.has(key)) this.positions.set(key, start);
      const target = isAlias(node) ? node.resolve(doc) : node;
      if (isMap(target)) {
        const merged: unknown[] = [];
        for (const pair of target.items) {
          const k = isScalar(pair.key) ? pair.key.value : pair.key;
          if (k === "<<") {
            merged.push(pair.value);
            continue;
          }
          if (typeof k !== "string" && typeof k !== "number") continue;
          visit(pair.value ?? pair.key, [...path, String(k)], depth + 1);
          // A key without a value (or with null) is positioned at the key.
          const childKey = formatPath([...path, String(k)]);
          const keyStart = (pair.key as Node | null)?.range?.[0];
          if (keyStart !== undefined) this.positions.set(childKey, Math.min(this.positions.get(childKey) ?? keyStart, keyStart));
        }
        // Explicit keys win over merged ones (`<<: *defaults`), as in the values.
        for (const source of merged) {
          const resolved = isAlias(source) ? source.resolve(doc) : source;
          const maps = isSeq(resolved) ? resolved.items : [resolved];
          for (const m of maps) {
            const mm = isAlias(m) ? m.resolve(doc) : m;
            if (!isMap(mm)) continue;
            for (const pair of mm.items) {
              const k = isScalar(pair.key) ? pair.key.value : pair.key;
              if (typeof k === "string" || typeof k === "number") visit(pair.value, [...path, String(k)], depth + 1);
            }
          }
        }
      } else if (isSeq(target)) {
        target.items.forEach((item, i) => visit(item, [...path, i], depth + 1));
      }
    };
    visit(doc.contents, [], 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Limits on what an import may hand to the parser (docs/import-export.md, "Limits")

/** The largest config file accepted: the benchmark catalog (15,000 deployments) is 2.9 MB. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** Keys per mapping: twice the benchmark catalog's 10,000-alias model_group_alias. */
export const MAX_MAPPING_KEYS = 20_000;
/**
 * Nesting bound (see composeChecked). The yaml composer recurses per level and a stack overflow
 * near its limit can abort the whole process (V8 fails to allocate while compiling a RegExp),
 * so depth is bounded before anything is composed. LiteLLM configs nest about 6 levels.
 */
export const MAX_NESTING = 100;
/** Keys JavaScript objects treat specially: copying them drops them or changes a prototype. */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Fills `lines` as the parser would, for errors found before the text is parsed. */
function countLines(content: string, lines: LineCounter): void {
  lines.addNewLine(0);
  for (let i = content.indexOf("\n"); i >= 0; i = content.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
}

function checkSize(content: string, source: string): void {
  // Cheap upper bound first: a UTF-16 code unit is at most 3 UTF-8 bytes.
  if (content.length * 3 <= MAX_CONFIG_BYTES) return;
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > MAX_CONFIG_BYTES) {
    throw new BadUserInputError(
      `${source}: the file is ${bytes} bytes; at most ${MAX_CONFIG_BYTES} bytes (8 MiB) are accepted: split it into several imports (MERGE)`,
      { location: { source, path: "$", line: null, column: null }, bytes, maxBytes: MAX_CONFIG_BYTES },
    );
  }
}

/**
 * parseDocument, with the nesting bounded while the text is lexed (linear, and before the
 * recursive composer sees it) and without the yaml package's own duplicate-key check, which
 * compares every key with every earlier one (40,000 keys: 9 s); checkMappings does that with a
 * Set. The bound per token is the flow depth plus, outside flow collections, the indentation
 * and the block indicators (`-`, `?`, `:`) since the line began: never less than the real depth.
 */
function composeChecked(content: string, source: string, syntax: ConfigSyntax, lines: LineCounter, merge: boolean): Document {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const tokens: CST.Token[] = [];
  let flow = 0;
  let block = 0;
  let lineStart = true;
  let lexemes = 0;
  for (const lexeme of new Lexer().lex(content)) {
    if (lexeme === "[" || lexeme === "{") flow++;
    else if (lexeme === "]" || lexeme === "}") flow = Math.max(0, flow - 1);
    else if (flow === 0) {
      if (lexeme === "-" || lexeme === "?" || lexeme === ":") block++;
      else if (lineStart && (lexeme[0] === " " || lexeme[0] === "\t")) block += lexeme.length;
    }
    const newline = lexeme === "\n" || lexeme === "\r\n";
    if (newline && flow === 0) block = 0;
    // The lexer's one-character markers (document, scalar, flow end) are not on the line.
    if (newline) lineStart = true;
    else if (!(lexeme.length === 1 && lexeme < " ")) lineStart = false;
    if (flow + block > MAX_NESTING) {
      const { line, col } = lines.linePos(parser.offset);
      const what = syntax === "json" ? "JSON" : "YAML";
      throw syntaxError(source, line, col, `invalid ${what}: nested more than ${MAX_NESTING} levels deep (counting indentation and flow brackets); a config needs far fewer: flatten it`);
    }
    for (const token of parser.next(lexeme)) tokens.push(token);
    // Refuse an oversized mapping while it is still being read (checkMappings has the exact count).
    if (++lexemes % 1024 === 0) checkOpenMappings(parser.stack, source, syntax, lines);
  }
  for (const token of parser.end()) tokens.push(token);
  const composer = new Composer({ merge, uniqueKeys: false, prettyErrors: false });
  let doc: Document | undefined;
  for (const next of composer.compose(tokens, true, content.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
      break;
    }
  }
  return doc!;
}

/**
 * checkMappings and the nesting bound for text that JSON.parse accepted, in one linear scan (no
 * validation needed): a 40,000-key object is refused in milliseconds instead of after a parse.
 */
function checkJsonObjects(text: string, source: string): void {
  interface Open {
    keys: Set<string> | null;
    key: Segment;
    index: number;
  }
  const stack: Open[] = [];
  const openedAt: number[] = [];
  let lines: LineCounter | undefined;
  const locAt = (offset: number, last?: Segment): Loc => {
    if (!lines) countLines(text, (lines = new LineCounter()));
    const path = stack.slice(1).map((_, i) => (stack[i]!.keys ? stack[i]!.key : stack[i]!.index));
    if (last !== undefined) path.push(last);
    const { line, col } = lines.linePos(offset);
    return { syntax: "json", source, path: formatPath(path), line, column: col };
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const top = stack.at(-1);
      if (!expectKey || !top?.keys) continue;
      expectKey = false;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      top.key = key;
      if (RESERVED_KEYS.has(key)) {
        throw locatedError(locAt(start, key), `key ${JSON.stringify(key)} is refused: __proto__, constructor and prototype are reserved in JavaScript (the key would be dropped or change how the file is read); rename it`);
      }
      if (top.keys.has(key)) {
        const { line, column } = locAt(start);
        throw syntaxError(source, line, column, `duplicate key ${JSON.stringify(key)} in one JSON object; each key may appear once`);
      }
      top.keys.add(key);
      if (top.keys.size > MAX_MAPPING_KEYS) {
        throw locatedError(
          locAt(openedAt.at(-1)!),
          `a mapping with more than ${MAX_MAPPING_KEYS} keys; at most ${MAX_MAPPING_KEYS} keys per mapping are accepted: split the file into several imports (MERGE)`,
          { maxKeys: MAX_MAPPING_KEYS },
        );
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= MAX_NESTING) {
        const { line, column } = locAt(i);
        throw syntaxError(source, line, column, `invalid JSON: nested more than ${MAX_NESTING} levels deep (counting indentation and flow brackets); a config needs far fewer: flatten it`);
      }
      stack.push({ keys: c === 0x7b ? new Set() : null, key: "", index: 0 });
      openedAt.push(i);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      openedAt.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
  }
}

/** The mappings the parser is building: one with more than MAX_MAPPING_KEYS keys is refused now. */
function checkOpenMappings(stack: readonly CST.Token[], source: string, syntax: ConfigSyntax, lines: LineCounter): void {
  const path: Segment[] = [];
  for (const token of stack) {
    const isMapping = token.type === "block-map" || (token.type === "flow-collection" && token.start.source === "{");
    if (isMapping && token.items.length > MAX_MAPPING_KEYS) {
      const { line, col } = lines.linePos(token.offset);
      throw locatedError(
        { syntax, source, path: formatPath(path), line, column: col },
        `a mapping with more than ${MAX_MAPPING_KEYS} keys; at most ${MAX_MAPPING_KEYS} keys per mapping are accepted: split the file into several imports (MERGE)`,
        { maxKeys: MAX_MAPPING_KEYS },
      );
    }
    if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      const last = token.items.at(-1);
      if (isMapping) path.push(String(CST.resolveAsScalar(last && "key" in last ? last.key : null)?.value ?? "?"));
      else path.push(Math.max(0, token.items.length - 1));
    }
  }
}

interface Frame {
  node: unknown;
  parent: Frame | null;
  segment: Segment | null;
}

function framePath(frame: Frame): Segment[] {
  const path: Segment[] = [];
  for (let f: Frame | null = frame; f && f.segment !== null; f = f.parent) path.push(f.segment);
  return path.reverse();
}

/** A key as it reads in a JavaScript object (toJS stringifies keys the same way). */
function jsKey(key: unknown): string | null {
  if (!isScalar(key)) return null;
  const value = key.value;
  return value === null || value === undefined ? "" : String(value);
}

/**
 * One pass over every mapping (each node once: aliases are not followed): at most
 * MAX_MAPPING_KEYS keys, each key once, and no key JavaScript would drop or turn into a
 * prototype change (`__proto__`, `constructor`, `prototype`), refused with its location.
 */
function checkMappings(doc: Document, syntax: ConfigSyntax, source: string, lines: LineCounter): void {
  const locOf = (frame: Frame, offset: number | undefined): Loc => {
    const { line, col } = offset !== undefined ? lines.linePos(offset) : { line: null, col: null };
    return { syntax, source, path: formatPath(framePath(frame)), line, column: col };
  };
  const stack: Frame[] = [{ node: doc.contents, parent: null, segment: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    if (isMap(node)) {
      if (node.items.length > MAX_MAPPING_KEYS) {
        throw locatedError(
          locOf(frame, node.range?.[0]),
          `a mapping with ${node.items.length} keys; at most ${MAX_MAPPING_KEYS} keys per mapping are accepted: split the file into several imports (MERGE)`,
          { keys: node.items.length, maxKeys: MAX_MAPPING_KEYS },
        );
      }
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        const key = jsKey(pair.key);
        const keyStart = (pair.key as Node | null)?.range?.[0];
        if (key !== null) {
          const child: Frame = { node: pair.value, parent: frame, segment: key };
          if (RESERVED_KEYS.has(key)) {
            throw locatedError(
              locOf(child, keyStart),
              `key ${JSON.stringify(key)} is refused: __proto__, constructor and prototype are reserved in JavaScript (the key would be dropped or change how the file is read); rename it`,
            );
          }
          if (seen.has(key)) {
            const { line, col } = keyStart !== undefined ? lines.linePos(keyStart) : { line: null, col: null };
            if (syntax === "json") throw syntaxError(source, line, col, `duplicate key ${JSON.stringify(key)} in one JSON object; each key may appear once`);
            const first = seen.get(key);
            const firstLine = first !== undefined ? ` (first at line ${lines.linePos(first).line})` : "";
            throw syntaxError(source, line, col, `invalid YAML: Map keys must be unique: ${JSON.stringify(key)} appears twice in one mapping${firstLine}`);
          }
          seen.set(key, keyStart);
          stack.push(child);
        } else {
          // A collection as a key (`? [a, b]: x`), or none: walked, never compared.
          stack.push({ node: pair.key, parent: frame, segment: "?" }, { node: pair.value, parent: frame, segment: "?" });
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, parent: frame, segment: i }));
    }
  }
}

function syntaxError(source: string, line: number | null, column: number | null, message: string): BadUserInputError {
  const prefix = line != null ? `${source}:${line}${column != null ? `:${column}` : ""}` : source;
  return new BadUserInputError(`${prefix}: ${message}`, { location: { source, path: "$", line, column } });
}

/**
 * File-level checks both formats share: a name is a group or an alias, never both; an alias is
 * defined once and points at a group, not at another alias. Targets missing from the file are
 * checked against the catalog when the import runs (MERGE may point at existing groups).
 */
export function checkNames(spec: ConfigSpec): void {
  const groups = new Map(spec.groups.map((g) => [g.name, g]));
  const aliases = new Map<string, AliasSpec>();
  for (const alias of spec.aliases) {
    const group = groups.get(alias.name);
    if (group) {
      throw locatedError(
        alias.loc,
        `alias ${JSON.stringify(alias.name)} is also a model group in this file (${where(group.loc)}); a name is either a group or an alias, never both: rename one of them`,
      );
    }
    const first = aliases.get(alias.name);
    if (first) {
      throw locatedError(alias.loc, `alias ${JSON.stringify(alias.name)} is defined twice (first at ${where(first.loc)}); alias names must be unique`);
    }
    aliases.set(alias.name, alias);
  }
  for (const alias of spec.aliases) {
    const other = aliases.get(alias.target);
    if (other && !groups.has(alias.target)) {
      throw locatedError(
        alias.loc,
        `alias ${JSON.stringify(alias.name)} points at ${JSON.stringify(alias.target)}, which is an alias too (${where(other.loc)}); an alias must point at a model group: use ${JSON.stringify(other.target)}`,
      );
    }
  }
}

/**
 * The offset of the first syntax error in `text` as JSON, or null when it is valid. JSON.parse
 * does not always say where (V8: `Unexpected token '#', "# A …" is not valid JSON`).
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === "" || m[0] === "-") fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return;
        } else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else fail();
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail();
    return null;
  } catch (offset) {
    if (typeof offset !== "number") throw offset;
    return Math.min(offset, Math.max(text.length - 1, 0));
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets in deployment parameters (docs/import-export.md, "Secrets in extra parameters")

/**
 * Words that make a parameter name a credential. A name is split into words (camelCase, `-`,
 * `_`, `.` and spaces separate them; lower-cased), and it is a secret when one of its words is
 * here: `x_auth_token`, `X-Auth`, `session_cookie`, `aws_secret_access_key`, `apiKey`. Whole
 * words only, so `max_tokens`, `tokenizer`, `tpm` and `keywords` are not.
 */
const SECRET_WORDS = new Set([
  "password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "jwt", "bearer", "cookie", "cookies",
  "credential", "credentials", "creds", "auth", "authorization", "signature", "key", "keys", "apikey", "privatekey", "accesskey",
]);
/** A last word that makes the name a reference to a credential or a fact about one: `litellm_credential_name`, `auth_type`, `token_url`. */
const REFERENCE_WORDS = new Set(["name", "names", "env", "type", "types", "url", "uri", "path", "file"]);
/** A word before `token` (or another) that makes it a count or a price: `max_token`, `cost_per_token`. */
const COUNT_WORDS = new Set(["per", "max", "min", "num"]);

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a parameter of this name holds a credential (the rule: SECRET_WORDS). */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0 || REFERENCE_WORDS.has(words.at(-1)!)) return false;
  return words.some((w, i) => SECRET_WORDS.has(w) && !(i > 0 && COUNT_WORDS.has(words[i - 1]!)));
}

/** `extra_headers`, `headers`, `default_headers`, `extraHeaders`: every value inside is a secret. */
export function isHeadersName(name: string): boolean {
  const last = nameWords(name).at(-1);
  return last === "headers" || last === "header";
}

/** A parameter whose value (all of it, at any depth) is secret. */
export function isSecretParam(name: string): boolean {
  return isSecretName(name) || isHeadersName(name);
}

/** How a secret is stored inside a deployment's extra params: the SecretBox ciphertext, marked. */
export const SEALED_PREFIX = "modelgraph-sealed:";
/** Export writes `os.environ/MODELGRAPH_STORED_SECRET_<fingerprint>` in place of a stored secret. */
export const STORED_SECRET_ENV_PREFIX = "MODELGRAPH_STORED_SECRET_";

export function isSealed(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(SEALED_PREFIX);
}

/** The placeholder of a sealed value: a digest of its ciphertext, so it says nothing about the secret. */
export function sealedPlaceholder(sealed: string): string {
  return `os.environ/${STORED_SECRET_ENV_PREFIX}${createHash("sha256").update(sealed).digest("hex").slice(0, 16).toUpperCase()}`;
}

/** A value a secret parameter may hold in clear: an `os.environ/` reference (LiteLLM reads it), or nothing. */
export function isLiteralSecret(value: unknown): value is string {
  return typeof value === "string" && value !== "" && !value.startsWith("os.environ/");
}

/**
 * A copy of `value` with `fn` applied to every string leaf; `secret` says whether the leaf is
 * inside a secret parameter (its own name, or a mapping above it, per isSecretParam). Numbers,
 * booleans and nulls are never secrets: `max_tokens: 4096` stays.
 */
export function mapStrings(value: unknown, fn: (leaf: string, path: Segment[], secret: boolean) => unknown, path: Segment[] = [], secret = false): unknown {
  if (typeof value === "string") return fn(value, path, secret);
  if (Array.isArray(value)) return value.map((item, i) => mapStrings(item, fn, [...path, i], secret));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn, [...path, k], secret || isSecretParam(k));
    return out;
  }
  return value;
}

/** `extra_headers.Cookie`, `vertex_credentials[0]`: a parameter path as the docs write it. */
export function paramPath(path: readonly Segment[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}
