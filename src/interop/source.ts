import { Composer, CST, Document as YamlDocument, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type Document, type Node, type ScalarTag, type Tags } from "yaml";
import { BadUserInputError } from "../errors.ts";
import { readSimpleYaml } from "./simple-yaml.ts";
import { appendPath, formatPath, locatedError, type ConfigSyntax, type Loc, type Segment } from "./spec.ts";

/*
 * Reading a config file: YAML (as LiteLLM reads it) or JSON, with the limits every import checks
 * before or while parsing and the source positions that let every error name its line or path.
 */

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
    // Most large files are plain block YAML: read fast, the same values and positions (simple-yaml.ts).
    const simple = readSimpleYaml(content, scalarTags());
    if (simple) {
      const lines = new LineCounter();
      for (const offset of simple.lineStarts) lines.addNewLine(offset);
      const file = new ConfigSource("yaml", source, simple.value, lines);
      for (const [path, offset] of simple.positions) file.positions.set(path, offset);
      return file;
    }
    return ConfigSource.composed(content, source);
  }

  /** `content` read by the yaml package (every YAML; the reference for readSimpleYaml). */
  static composed(content: string, source: string): ConfigSource {
    const lines = new LineCounter();
    const doc = composeChecked(content, source, "yaml", lines);
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
    const doc = composeChecked(content, source, "json", lines);
    checkMappings(doc, "json", source, lines);
    const file = new ConfigSource("json", source, value, lines);
    if (doc.errors.length === 0) file.index(doc);
    return file;
  }

  /** The location of `path`, or of its nearest ancestor that has one. */
  loc(path: readonly Segment[]): Loc {
    // Every prefix of the path, formatted once (an import asks for a few locations per entry).
    const prefixes: string[] = ["$"];
    for (const segment of path) prefixes.push(appendPath(prefixes[prefixes.length - 1]!, segment));
    const formatted = prefixes[path.length]!;
    for (let n = path.length; n >= 0; n--) {
      const offset = this.positions.get(prefixes[n]!);
      if (offset !== undefined) {
        const { line, col } = this.lines.linePos(offset);
        return { syntax: this.syntax, source: this.source, path: formatted, line, column: col };
      }
    }
    // Nothing positioned (an empty document): the start of the file.
    return { syntax: this.syntax, source: this.source, path: formatted, line: 1, column: 1 };
  }

  fail(path: readonly Segment[], message: string): never {
    throw locatedError(this.loc(path), message);
  }

  private index(doc: Document): void {
    // Keys are built one segment at a time (appendPath), not from the whole path per node.
    const visit = (node: unknown, key: string, depth: number): void => {
      if (depth > 64 || !node) return;
      const start = (node as Node).range?.[0];
      if (start !== undefined && !this.positions.has(key)) this.positions.set(key, start);
      const target = isAlias(node) ? node.resolve(doc) : node;
      if (isMap(target)) {
        const merged: unknown[] = [];
        for (const pair of target.items) {
          if (isMergeKey(pair.key)) {
            merged.push(pair.value);
            continue;
          }
          const k = jsKey(pair.key);
          if (k === null) continue;
          const childKey = appendPath(key, k);
          visit(pair.value ?? pair.key, childKey, depth + 1);
          // A key without a value (or with null) is positioned at the key.
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
              const k = jsKey(pair.key);
              if (k !== null && !isMergeKey(pair.key)) visit(pair.value, appendPath(key, k), depth + 1);
            }
          }
        }
      } else if (isSeq(target)) {
        target.items.forEach((item, i) => visit(item, appendPath(key, i), depth + 1));
      }
    };
    visit(doc.contents, "$", 0);
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

// ---------------------------------------------------------------------------------------------
// YAML scalars as LiteLLM reads them (docs/import-export.md, "YAML as LiteLLM reads it")

/*
 * LiteLLM loads its config with PyYAML's safe_load: YAML 1.1 scalars, resolved by PyYAML's own
 * patterns (yaml/resolver.py) and built by its constructors (yaml/constructor.py). The yaml
 * package's "yaml-1.1" schema differs from PyYAML in details that change values, so the plain
 * scalar tags are replaced by these:
 * - bool: only yes/no/true/false/on/off in three spellings each; `y`, `n`, `Y`, `N` are strings;
 * - int: `20_000`, `0b101`, `017` (octal), `0x1F`, sexagesimal `1:30` (90); `09` and `0o17` are strings;
 * - float: needs a dot (`1e3` and `1.0e3` are strings, `1.0e+3` is 1000), `.5` but not `-.5`,
 *   sexagesimal `1:30.5`, `.inf`, `-.inf`, `.nan`;
 * - null: empty, `~`, `null`, `Null`, `NULL`;
 * - timestamps (`2024-06-01`, `2024-06-01 10:00:00`) are kept as the string written: PyYAML makes
 *   a datetime.date of them, which LiteLLM passes on as str(date), the same text for a date (and
 *   a JSON-like catalog has no date type to keep it in); the text also exports back unchanged.
 * `=` and `<<` as values are errors in PyYAML (tags without a constructor) and here.
 * Explicit tags (`!!int "5"`, `!!float 1`, `!!bool yes`, `!!null x`) build their value with the same
 * constructors; a value the constructor refuses (`!!int abc`, `!!bool y`) is an error with its line.
 * Integers beyond 2^53 become the nearest double, as in JSON.parse.
 */

const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_NULL = /^(?:~|null|Null|NULL|)$/;
const PY_TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;
const PY_BOOL_VALUES: Record<string, boolean> = { yes: true, true: true, on: true, no: false, false: false, off: false };

const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

const INT_ACCEPTED = "accepted: digits (with _ between them), 0b… (binary), 0x… (hex), 0… (octal) or base 60 (1:30)";

/** Python's int(text, base) for the digits PyYAML hands it (only an explicit `!!int` can fail). */
function pyDigits(text: string, base: 2 | 8 | 10 | 16, whole: string): number {
  if (!DIGITS[base]!.test(text)) throw new Error(`${JSON.stringify(whole)} is not an integer (LiteLLM's reader, PyYAML, refuses it); ${INT_ACCEPTED}`);
  return base === 10 ? Number(text) : parseInt(text, base);
}

/** PyYAML's construct_yaml_int. */
export function pyyamlInt(text: string): number {
  let value = text.replace(/_/g, "");
  const sign = value[0] === "-" ? -1 : 1;
  if (value[0] === "-" || value[0] === "+") value = value.slice(1);
  let n: number;
  if (value === "0") n = 0;
  else if (value.startsWith("0b")) n = pyDigits(value.slice(2), 2, text);
  else if (value.startsWith("0x")) n = pyDigits(value.slice(2), 16, text);
  else if (value[0] === "0") n = pyDigits(value, 8, text);
  else if (value.includes(":")) n = value.split(":").reduce((sum, part) => sum * 60 + pyDigits(part, 10, text), 0);
  else n = pyDigits(value, 10, text);
  // Python has no negative zero integer.
  return n === 0 ? 0 : sign * n;
}

/** Python's float(text) (only an explicit `!!float` can fail). */
function pyFloatPart(text: string, whole: string): number {
  if (/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (text === "inf" || text === "infinity") return Infinity;
  if (text === "nan") return NaN;
  throw new Error(`${JSON.stringify(whole)} is not a number (LiteLLM's reader, PyYAML, refuses it); accepted: 1.5, 1_000.5, 1.0e+3, .inf, .nan or base 60 (1:30.5)`);
}

/** PyYAML's construct_yaml_float. */
export function pyyamlFloat(text: string): number {
  let value = text.replace(/_/g, "").toLowerCase();
  const sign = value[0] === "-" ? -1 : 1;
  if (value[0] === "-" || value[0] === "+") value = value.slice(1);
  if (value === ".inf") return sign * Infinity;
  if (value === ".nan") return NaN;
  if (value.includes(":")) return sign * value.split(":").reduce((sum, part) => sum * 60 + pyFloatPart(part, text), 0);
  return sign * pyFloatPart(value, text);
}

function pyyamlBool(text: string): boolean {
  const value = PY_BOOL_VALUES[text.toLowerCase()];
  if (value === undefined) throw new Error(`${JSON.stringify(text)} is not a boolean (LiteLLM's reader, PyYAML, refuses it); accepted: yes, no, true, false, on, off (any case)`);
  return value;
}

const refused = (text: string) => () => {
  throw new Error(`a plain ${text} is a value LiteLLM's reader (PyYAML) cannot load; accepted: "${text}" in quotes for the string`);
};

/** One tag for plain scalars (found by `test`) and one for explicit `!!tag` values (always used for them). */
function pyTag(tag: string, test: RegExp, resolve: (text: string) => unknown, identify: (v: unknown) => boolean): ScalarTag[] {
  return [
    { tag, identify, default: false, resolve },
    { tag, identify, default: true, test, resolve },
  ];
}

/**
 * Plain scalars PyYAML reads as something the yaml package's YAML 1.1 schema does not: a
 * timestamp as PyYAML's pattern has it (kept as the text), `=` and a `<<` value (refused). They
 * never stringify a value (`identify` is false); on export their `test` makes a string that looks
 * like one quoted.
 */
const PYYAML_ONLY: ScalarTag[] = [
  { tag: "tag:yaml.org,2002:timestamp", identify: () => false, default: true, test: PY_TIMESTAMP, resolve: (text: string) => text },
  { tag: "tag:yaml.org,2002:value", identify: () => false, default: true, test: /^=$/, resolve: refused("=") },
  // `<<` is a merge key; as a value it is PyYAML's merge tag with nothing to build.
  { tag: "tag:yaml.org,2002:merge-value", identify: () => false, default: true, test: /^<<$/, resolve: refused("<<") },
];

const PYYAML_SCALARS: ScalarTag[] = [
  ...pyTag("tag:yaml.org,2002:null", PY_NULL, () => null, (v) => v === null || v === undefined),
  ...pyTag("tag:yaml.org,2002:bool", PY_BOOL, pyyamlBool, (v) => typeof v === "boolean"),
  ...pyTag("tag:yaml.org,2002:int", PY_INT, pyyamlInt, (v) => typeof v === "number" && Number.isInteger(v)),
  ...pyTag("tag:yaml.org,2002:float", PY_FLOAT, pyyamlFloat, (v) => typeof v === "number"),
  // Kept as written (see above), explicit `!!timestamp` too.
  { tag: "tag:yaml.org,2002:timestamp", identify: () => false, default: false, resolve: (text: string) => text },
  ...PYYAML_ONLY,
];

let scalarTagList: ScalarTag[] | undefined;

/** The tags the composer resolves YAML scalars with (YAML 1.1 with PyYAML's scalars). */
export function scalarTags(): ScalarTag[] {
  scalarTagList ??= new YamlDocument(null, { version: "1.1", customTags: pyyamlTags }).schema.tags.filter((t): t is ScalarTag => !("collection" in t) || !t.collection);
  return scalarTagList;
}

const REPLACED_TAGS = new Set(["tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"]);

/** The yaml package's YAML 1.1 schema (maps, seqs, strings, merge keys, binary, omap, pairs, set) with PyYAML's scalars. */
function pyyamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => typeof t === "string" || !REPLACED_TAGS.has(t.tag));
  // Merge keys are tried first at a key (`default: "key"`), so a `<<` key stays a merge key.
  return [...kept, ...PYYAML_SCALARS];
}

/**
 * `customTags` for writing YAML that PyYAML reads back as the same values, with `version: "1.1"`:
 * `new Document(body, { version: "1.1", customTags: pyyamlExportTags })`. The yaml package's
 * YAML 1.1 schema already quotes every string its own 1.1 scalars would read otherwise (a superset
 * of PyYAML's: `y`, `1e3` are quoted too, harmlessly); this adds the strings only PyYAML reads
 * otherwise: `=`, `<<`, and timestamps such as `2024-01-01 12:00:00.`. Numbers, booleans and null
 * are written by the yaml package's own tags.
 */
export function pyyamlExportTags(tags: Tags): Tags {
  // The merge tag claims the string "<<" too and would write it plain: only merge keys are its.
  const kept = tags.map((t) =>
    typeof t !== "string" && t.tag === "tag:yaml.org,2002:merge" ? { ...t, identify: (v: unknown) => typeof v === "symbol" && v.description === "<<" } : t,
  );
  return [...kept, ...PYYAML_ONLY];
}

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
function composeChecked(content: string, source: string, syntax: ConfigSyntax, lines: LineCounter): Document {
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
  // JSON is only positioned here (JSON.parse gave its values): YAML 1.2 without merge keys reads it.
  const composer = new Composer(
    syntax === "yaml" ? { version: "1.1", customTags: pyyamlTags, uniqueKeys: false, prettyErrors: false } : { merge: false, uniqueKeys: false, prettyErrors: false },
  );
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

/** A YAML 1.1 merge key (`<<: *defaults`): the yaml package resolves its value to a symbol. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === "symbol";
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
        if (isMergeKey(pair.key)) {
          // Several merge keys in one mapping are fine (PyYAML merges each); their maps are walked.
          stack.push({ node: pair.value, parent: frame, segment: "<<" });
        } else if (key !== null) {
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

