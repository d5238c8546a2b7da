// File-type icons as small inline SVGs (no icon font, no CDN): a folder, or a tile with a short
// label and a colour per kind of file, so a tree of code is scannable at a glance.
import { extensionOf } from "./paths";

interface Kind {
  label: string;
  color: string;
}

const KINDS: Record<string, Kind> = {
  py: { label: "PY", color: "#3572a5" },
  ts: { label: "TS", color: "#3178c6" },
  tsx: { label: "TX", color: "#3178c6" },
  js: { label: "JS", color: "#b59a00" },
  mjs: { label: "JS", color: "#b59a00" },
  cjs: { label: "JS", color: "#b59a00" },
  jsx: { label: "JX", color: "#b59a00" },
  json: { label: "{}", color: "#8a6d00" },
  md: { label: "MD", color: "#5b6b7b" },
  txt: { label: "TX", color: "#6b7280" },
  html: { label: "<>", color: "#e34c26" },
  css: { label: "#", color: "#563d7c" },
  scss: { label: "#", color: "#c6538c" },
  sh: { label: "$", color: "#4e8a3e" },
  bash: { label: "$", color: "#4e8a3e" },
  go: { label: "GO", color: "#00add8" },
  rs: { label: "RS", color: "#a7522a" },
  java: { label: "JV", color: "#b07219" },
  c: { label: "C", color: "#555c9c" },
  h: { label: "H", color: "#555c9c" },
  cpp: { label: "C+", color: "#f34b7d" },
  rb: { label: "RB", color: "#cc342d" },
  php: { label: "PH", color: "#777bb4" },
  yml: { label: "YM", color: "#cb171e" },
  yaml: { label: "YM", color: "#cb171e" },
  toml: { label: "TO", color: "#9c4221" },
  sql: { label: "SQ", color: "#e38c00" },
  svg: { label: "SV", color: "#ff9a00" },
  png: { label: "IM", color: "#0f9d58" },
  jpg: { label: "IM", color: "#0f9d58" },
  jpeg: { label: "IM", color: "#0f9d58" },
  gif: { label: "IM", color: "#0f9d58" },
  webp: { label: "IM", color: "#0f9d58" },
  gz: { label: "ZP", color: "#6b7280" },
  zip: { label: "ZP", color: "#6b7280" },
  tar: { label: "ZP", color: "#6b7280" },
  lock: { label: "LK", color: "#6b7280" },
  env: { label: "EN", color: "#b59a00" },
};

const BY_NAME: Record<string, Kind> = {
  dockerfile: { label: "DK", color: "#2496ed" },
  makefile: { label: "MK", color: "#6d8086" },
  ".gitignore": { label: "GI", color: "#f05033" },
  ".env": { label: "EN", color: "#b59a00" },
};

export function kindOf(name: string): Kind | null {
  return BY_NAME[name.toLowerCase()] ?? KINDS[extensionOf(name)] ?? null;
}

export function FileIcon({ name, type, open = false }: { name: string; type: "file" | "directory" | "symlink" | "other"; open?: boolean }) {
  if (type === "directory") {
    return (
      <svg className="ide-file-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {open ? (
          <path d="M1.5 4.5A1 1 0 0 1 2.5 3.5h3.6l1.4 1.5h5.5a1 1 0 0 1 1 1V6H4.2a1 1 0 0 0-.95.7L1.5 12.5z M3.3 7h11.2l-1.9 5.5H1.6z" fill="#d9a33a" />
        ) : (
          <path d="M1.5 4.5a1 1 0 0 1 1-1h3.6l1.4 1.5h6a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z" fill="#d9a33a" />
        )}
      </svg>
    );
  }
  const kind = kindOf(name);
  if (type === "symlink") {
    return (
      <svg className="ide-file-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M6 10l4-4M7 4.5h4.5V9" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
    );
  }
  if (!kind) {
    return (
      <svg className="ide-file-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M4 1.5h5l3 3v10H4z" fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" opacity="0.7" />
      </svg>
    );
  }
  return (
    <svg className="ide-file-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="0.5" y="2" width="15" height="12" rx="2.5" fill={kind.color} />
      <text x="8" y="11" textAnchor="middle" fontSize="7.5" fontWeight="700" fontFamily="ui-sans-serif, system-ui, sans-serif" fill="#fff">
        {kind.label}
      </text>
    </svg>
  );
}
