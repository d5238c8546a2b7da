// Pure helpers for the terminal panel: argv parsing for the command runner, human sizes and
// durations, and cutting pastes into pieces the server accepts.

/**
 * Splits a command line into argv the way a shell would quote, but without any expansion: the
 * strict preset runs argv only, so `$HOME`, globs and pipes stay literal text.
 * Returns an error message for an unfinished quote or escape.
 */
export function parseArgv(line: string): { argv: string[] } | { error: string } {
  const argv: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) current += line[++i];
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\") {
      if (i + 1 >= line.length) return { error: "The command ends with a lone backslash." };
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) argv.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return { error: `A ${quote === "'" ? "single" : "double"} quote is not closed.` };
  if (inWord) argv.push(current);
  if (argv.length === 0) return { error: "Type a command to run, for example: python3 main.py" };
  return { argv };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, "")} ${units[unit]}`;
}

/** "42s", "5m 03s", "2h 07m": a countdown that changes visibly every second without jumping width much. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

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
