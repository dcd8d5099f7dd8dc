/** A URL as it may be shown: scheme, host and path; never userinfo, query string or fragment. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
const BEARER = /\b(bearer|api[-_]?key|x-api-key|x-goog-api-key|authorization)([=:\s]+)([^\s,;"']+)/gi;

/**
 * Scrubs text that may have come from outside (an exception message, an upstream's error body):
 * every known secret becomes ***, URLs lose userinfo and query strings, and anything that looks
 * like a credential after "Bearer"/"api-key" is masked. Also caps the length.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = [], max = 500): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("***");
  }
  out = out.replace(URL_IN_TEXT, (url) => redactUrl(url.replace(/[).,;]+$/, "")));
  out = out.replace(BEARER, (_m, label: string, sep: string) => `${label}${sep}***`);
  out = out.replace(/[\u0000-\u0008\u000b-\u001f]/g, " ");
  return out.length > max ? out.slice(0, max) + "…" : out;
}
