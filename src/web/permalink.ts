// The permalink: the program in the URL's fragment (#code=...), as base64url of its UTF-8 bytes,
// so that a link reproduces the page without any server keeping anything.

const KEY = 'code=';

export function encodeProgram(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return `#${KEY}${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The program of a fragment, or undefined when it holds none (or a damaged one). */
export function decodeProgram(hash: string): string | undefined {
  const at = hash.indexOf(KEY);
  if (at < 0) return undefined;
  try {
    const binary = atob(hash.slice(at + KEY.length).replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
