// edit_file's core: replace an exact snippet. Refuses when the snippet is missing or ambiguous, so an
// agent never changes a place it did not mean; the message says how many matches there were.
import { AppError } from "~/server/errors";

export interface EditInput {
  oldText: string;
  newText: string;
  /** Replace every occurrence instead of requiring exactly one. */
  replaceAll: boolean;
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** The new content and how many replacements were made; throws AppError when the edit is ambiguous. */
export function applyEdit(content: string, path: string, input: EditInput): { content: string; replacements: number } {
  if (input.oldText === "") {
    throw new AppError("INVALID_INPUT", { message: "oldText is empty. Copy the exact text to replace from read_file, or use write_file to write the whole file.", reason: "edit_empty_snippet" });
  }
  if (input.oldText === input.newText) {
    throw new AppError("INVALID_INPUT", { message: "oldText and newText are the same, so the edit would change nothing.", reason: "edit_no_change" });
  }
  const matches = countOccurrences(content, input.oldText);
  if (matches === 0) {
    throw new AppError("CONFLICT", {
      message: `The text to replace was not found in ${path}. Read the file again and copy the snippet exactly, including whitespace and indentation.`,
      reason: "edit_snippet_not_found",
      details: { matches },
    });
  }
  if (matches > 1 && !input.replaceAll) {
    throw new AppError("CONFLICT", {
      message: `The text to replace occurs ${matches} times in ${path}. Include more surrounding lines so it matches exactly once, or set replaceAll to change all ${matches}.`,
      reason: "edit_snippet_not_unique",
      details: { matches },
    });
  }
  // split/join replaces literally: no `$&`-style patterns from the new text are interpreted.
  return { content: content.split(input.oldText).join(input.newText), replacements: matches };
}
