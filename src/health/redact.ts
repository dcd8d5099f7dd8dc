/** A URL as it may be shown: scheme, host and path; never userinfo, query string or fragment. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}

/*
 * Terminal escape sequences (CSI in its 7- and 8-bit forms, OSC up to its terminator, and any
 * other ESC + one character) are dropped whole, so no stray "[2K" remains.
 */
const ESCAPE_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[ -~]?/g;
/** C0 and C1 controls, DEL, bidi marks, embeddings, overrides and isolates, line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text that can be printed on one line of a terminal or a log: escape sequences removed, every
 * other control, bidi and line-separator character replaced by a space. It can neither start a
 * new line, move the cursor, nor reorder what follows it.
 */
export function plainText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, " ");
}
