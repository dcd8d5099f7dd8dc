import type { ScalarTag } from "yaml";
import { appendPath } from "./spec.ts";

/*
 * A fast reader for the YAML that large configs are made of: block mappings and sequences of
 * one-line plain or quoted scalars, comments, nothing else. It gives the values and the source
 * positions the yaml package would give (ConfigSource.index), or null as soon as the text holds
 * anything outside that subset, and the caller then reads the text with the yaml package: the
 * result never depends on which reader ran. Plain scalars are resolved by the very tags the
 * composer uses (the PyYAML ones), found as it finds them.
 *
 * Why: the yaml package reads under 2 MB a second (a 10,000-group LiteLLM file, 5.9 MB: 3.1–3.5 s
 * of lexing, parsing and composing, then 0.4 s to index positions); this reads it in about 0.7 s.
 */

export interface SimpleYaml {
  value: unknown;
  /** Formatted path → offset, as ConfigSource.index records them. */
  positions: Map<string, number>;
  /** Offsets of the line starts (LineCounter order). */
  lineStarts: number[];
}

/** Deeper files are left to the yaml package (its nesting bound counts indentation, MAX_NESTING). */
const MAX_INDENT = 40;
const MAX_DEPTH = 20;
const MAX_KEYS = 20_000;
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);
/** Characters the subset leaves to the yaml package wherever they are. */
const UNSUPPORTED = /[\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
/** Characters a plain scalar may not start with (YAML's indicators; quotes are read apart). */
const INDICATOR_START = new Set([",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "%", "@", "`"]);

interface Line {
  /** Column of the first character of `text`. */
  indent: number;
  /** Offset of the first character of `text`. */
  offset: number;
  /** The line from its first non-space character, without trailing spaces. */
  text: string;
}

class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported();
}

/** Reads `content` if it is in the subset; null otherwise (then read it with the yaml package). */
export function readSimpleYaml(content: string, tags: readonly ScalarTag[]): SimpleYaml | null {
  if (UNSUPPORTED.test(content)) return null;
  const lineStarts = [0];
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const end = content.indexOf("\n", start);
    const stop = end < 0 ? content.length : end;
    let i = start;
    while (i < stop && content.charCodeAt(i) === 32) i++;
    let j = stop;
    while (j > i && content.charCodeAt(j - 1) === 32) j--;
    if (i < j && content[i] !== "#") {
      const text = content.slice(i, j);
      // Directives and document markers are the yaml package's.
      if (i === start && (text[0] === "%" || text.startsWith("---") || text.startsWith("..."))) return null;
      if (i - start > MAX_INDENT) return null;
      lines.push({ indent: i - start, offset: i, text });
    }
    if (end < 0) break;
    start = end + 1;
    lineStarts.push(start);
  }
  if (lines.length === 0) return null;
  try {
    const reader = new Reader(lines, tags);
    const value = reader.document();
    return { value, positions: reader.positions, lineStarts };
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

class Reader {
  readonly positions = new Map<string, number>();
  private i = 0;
  private readonly plainTags: ScalarTag[];
  private readonly keyTags: ScalarTag[];

  constructor(
    private readonly lines: Line[],
    tags: readonly ScalarTag[],
  ) {
    // The composer's findScalarTagByTest: the first default tag whose test matches (at a key,
    // tags marked default "key" too), else the string tag.
    this.plainTags = tags.filter((t) => t.default === true && t.test);
    this.keyTags = tags.filter((t) => (t.default === true || t.default === "key") && t.test);
  }

  document(): unknown {
    const first = this.lines[0]!;
    const value = this.block(first, "$", 0, true);
    if (this.i < this.lines.length) unsupported();
    return value;
  }

  /** The block node whose first line is `line` (maybe a line's remainder after `- `). */
  private block(line: Line, path: string, depth: number, setPosition: boolean): unknown {
    if (depth > MAX_DEPTH) unsupported();
    if (setPosition) this.positions.set(path, line.offset);
    if (isItem(line.text)) return this.sequence(line.indent, path, depth);
    return this.mapping(line, path, depth);
  }

  /** Items at `indent`, from the current line on. */
  private sequence(indent: number, path: string, depth: number): unknown[] {
    const items: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent) unsupported();
      // A sequence that is a mapping's value at the mapping's own indent ends at its next key.
      if (!isItem(line.text)) break;
      const itemPath = appendPath(path, items.length);
      this.i++;
      if (line.text === "-") {
        // `-` alone: the item is the block on the following, deeper lines.
        const next = this.lines[this.i];
        if (!next || next.indent <= indent) unsupported();
        items.push(this.block(next, itemPath, depth + 1, true));
        continue;
      }
      let k = 1;
      while (line.text.charCodeAt(k) === 32) k++;
      const rest: Line = { indent: line.indent + k, offset: line.offset + k, text: line.text.slice(k) };
      if (isItem(rest.text)) unsupported();
      if (keyEnd(rest.text) >= 0) {
        // A mapping that starts on the item's line: its first pair is the line's remainder.
        this.i--;
        this.lines[this.i] = rest;
        items.push(this.block(rest, itemPath, depth + 1, true));
        continue;
      }
      this.positions.set(itemPath, rest.offset);
      items.push(this.scalar(rest.text));
      this.checkNoContinuation(indent);
    }
    return items;
  }

  /** Pairs at `first.indent`, from `first` (the current line) on. */
  private mapping(first: Line, path: string, depth: number): Record<string, unknown> {
    const indent = first.indent;
    const out: Record<string, unknown> = {};
    let count = 0;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent) unsupported();
      const colon = keyEnd(line.text);
      if (colon < 0) unsupported();
      const key = this.key(line.text.slice(0, colon));
      if (Object.prototype.hasOwnProperty.call(out, key) || ++count > MAX_KEYS) unsupported();
      const childPath = appendPath(path, key);
      this.positions.set(childPath, line.offset);
      this.i++;
      let k = colon + 1;
      while (line.text.charCodeAt(k) === 32) k++;
      const rest = line.text.slice(k);
      if (rest === "" || rest[0] === "#") {
        const next = this.lines[this.i];
        if (next && next.indent > indent) out[key] = this.block(next, childPath, depth + 1, false);
        else if (next && next.indent === indent && isItem(next.text)) out[key] = this.sequence(indent, childPath, depth + 1);
        else out[key] = null;
        continue;
      }
      out[key] = this.scalar(rest);
      this.checkNoContinuation(indent);
    }
    return out;
  }

  /** A line deeper than a scalar's own would continue it (a multi-line scalar) or be an error. */
  private checkNoContinuation(indent: number): void {
    const next = this.lines[this.i];
    if (next && next.indent > indent) unsupported();
  }

  private key(text: string): string {
    // The yaml package refuses implicit keys over 1024 characters.
    if (text === "" || text.length > 1000 || text.endsWith(" ") || text.includes("#")) unsupported();
    const c = text[0]!;
    if (c === "'" || c === '"' || c === "?" || c === "-" || c === ":" || INDICATOR_START.has(c)) unsupported();
    const value = this.resolve(text, this.keyTags);
    if (value !== text || RESERVED.has(text)) unsupported();
    return text;
  }

  /** A one-line scalar with what follows it on its line (a comment at most). */
  private scalar(text: string): unknown {
    const c = text[0]!;
    if (c === "'") {
      const close = text.indexOf("'", 1);
      if (close < 0 || text[close + 1] === "'") unsupported();
      if (!onlyComment(text.slice(close + 1))) unsupported();
      return text.slice(1, close);
    }
    if (c === '"') {
      const close = text.indexOf('"', 1);
      if (close < 0) unsupported();
      const body = text.slice(1, close);
      if (body.includes("\\")) unsupported();
      if (!onlyComment(text.slice(close + 1))) unsupported();
      return body;
    }
    if (INDICATOR_START.has(c)) unsupported();
    if ((c === "-" || c === "?" || c === ":") && (text.length === 1 || text[1] === " ")) unsupported();
    const comment = text.indexOf(" #");
    const plain = comment >= 0 ? withoutTrailingSpaces(text.slice(0, comment)) : text;
    if (plain.includes(": ") || plain.endsWith(":")) unsupported();
    return this.resolve(plain, this.plainTags);
  }

  private resolve(text: string, tags: readonly ScalarTag[]): unknown {
    const tag = tags.find((t) => t.test!.test(text));
    if (!tag) return text;
    let failed = false;
    let value: unknown;
    try {
      value = tag.resolve(text, () => (failed = true), { intAsBigInt: false } as never);
    } catch {
      unsupported();
    }
    if (failed) unsupported();
    // Anything but a plain value (a Scalar node, a symbol, a Date) is left to the composer.
    if (value !== null && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") unsupported();
    return value;
  }
}

/** `- x` or `-` alone. */
function isItem(text: string): boolean {
  return text[0] === "-" && (text.length === 1 || text[1] === " ");
}

/** Where the key of `key: value` / `key:` ends (the colon), or -1. */
function keyEnd(text: string): number {
  const c = text[0];
  if (c === "'" || c === '"') return -1;
  const i = text.indexOf(": ");
  if (i >= 0) return text.slice(0, i).includes(" #") ? -1 : i;
  return text.endsWith(":") ? text.length - 1 : -1;
}

/**
 * Whether what follows a quoted scalar is nothing or a comment. Only spaces separate (tabs are
 * declined before): trimStart/trimEnd would also take U+00A0 and the other Unicode spaces, which
 * YAML reads as content (`'x'\u00a0` is an error, `x\u00a0 # c` is "x\u00a0").
 */
function onlyComment(rest: string): boolean {
  let i = 0;
  while (rest.charCodeAt(i) === 32) i++;
  return i === rest.length || (rest[i] === "#" && i > 0);
}

function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}
