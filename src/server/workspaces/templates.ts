// Starter files for new workspaces. Contents are constants (the name only appears in the README
// heading), so no user input ever ends up inside code that a sandbox might run.
import { confinedFs } from "~/server/storage/confined-fs";

export const TEMPLATES = ["empty", "node", "python"] as const;
export type TemplateName = (typeof TEMPLATES)[number];

function readme(name: string, run: string): string {
  const heading = name.replace(/[\r\n]+/g, " ");
  return `# ${heading}\n\nCreated in Atrium.\n\nRun it with:\n\n    ${run}\n`;
}

export function templateFiles(template: TemplateName, name: string, slug: string): Record<string, string> {
  switch (template) {
    case "empty":
      return {};
    case "python":
      return {
        "main.py": 'def main() -> None:\n    print("Hello from Atrium!")\n\n\nif __name__ == "__main__":\n    main()\n',
        "README.md": readme(name, "python3 main.py"),
        ".gitignore": "__pycache__/\n*.pyc\n.venv/\n",
      };
    case "node":
      return {
        "package.json": `${JSON.stringify({ name: slug, version: "0.1.0", private: true, type: "module", scripts: { start: "node index.js" } }, null, 2)}\n`,
        "index.js": 'console.log("Hello from Atrium!");\n',
        "README.md": readme(name, "npm start"),
        ".gitignore": "node_modules/\n",
      };
  }
}

/**
 * Writes the template into an empty root through its confined helper (so the files belong to the
 * sandbox uid like everything else in the tree); exclusive, so a file that somehow exists is never
 * overwritten.
 */
export async function writeTemplate(root: string, template: TemplateName, name: string, slug: string): Promise<void> {
  const fs = confinedFs(root);
  for (const [relative, content] of Object.entries(templateFiles(template, name, slug))) {
    const { handle } = await fs.open(relative, { write: true, create: true, exclusive: true, mode: 0o644 });
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  }
}
