// Pure helpers for the terminal panel: cutting pastes into pieces the server accepts and turning
// socket payloads into bytes (argv, sizes and durations live in ~/lib).

/** Pieces of at most `maxChars` characters (the server takes ≤ 64 KiB per event; 16k chars is ≤ 64 KiB in UTF-8). */
export function chunkInput(data: string, maxChars = 16 * 1024): string[] {
  if (data.length <= maxChars) return [data];
  const pieces: string[] = [];
  for (let i = 0; i < data.length; i += maxChars) {
    let end = Math.min(i + maxChars, data.length);
    // Never split a surrogate pair: half a character would arrive as garbage.
    if (end < data.length && /[\uD800-\uDBFF]/.test(data[end - 1]!)) end--;
    pieces.push(data.slice(i, end));
    i = end - maxChars;
  }
  return pieces;
}

/** Base64 (the attach ack's scrollback) to bytes for xterm's `write`. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** What socket.io hands a browser for a Buffer (ArrayBuffer) or Node (Uint8Array), as bytes. */
export function toBytes(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}
