/** One or two letters for an avatar: first and last word of the name, or the start of a one-word name or of the email. */
export function initials(name: string, email = ""): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  // Spread, not indexing: an initial outside the BMP (or a combining pair) must not be cut in half.
  const first = (word: string) => [...word][0] ?? "";
  if (words.length >= 2) return (first(words[0]!) + first(words[words.length - 1]!)).toUpperCase();
  const single = words[0] ?? email.trim();
  return [...single].slice(0, 2).join("").toUpperCase() || "?";
}
