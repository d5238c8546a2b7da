// A stable hue per person, so the same colleague keeps their colour everywhere: the activity
// strip's avatar and their cursor and selections in the editor.
export function hueOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) % 360;
  return h;
}

/** The colour of someone's cursor, name label and selection. */
export const colorOf = (userId: string) => `hsl(${hueOf(userId)} 70% 45%)`;
