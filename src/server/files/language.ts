// What a file is, from its name alone: the editor language (Monaco ids) and a mime type. Code
// files get their own table because mime databases know media formats better than source code
// (`.ts` is "video/mp2t" and `.rs` an XML format there).
import mime from "mime-types";

interface Kind {
  language: string;
  mime: string;
}

const k = (language: string, mimeType: string): Kind => ({ language, mime: mimeType });

const BY_EXTENSION: Record<string, Kind> = {
  ts: k("typescript", "text/x-typescript"),
  tsx: k("typescript", "text/x-typescript"),
  mts: k("typescript", "text/x-typescript"),
  cts: k("typescript", "text/x-typescript"),
  js: k("javascript", "text/javascript"),
  jsx: k("javascript", "text/javascript"),
  mjs: k("javascript", "text/javascript"),
  cjs: k("javascript", "text/javascript"),
  json: k("json", "application/json"),
  jsonc: k("json", "application/json"),
  json5: k("json", "application/json"),
  map: k("json", "application/json"),
  html: k("html", "text/html"),
  htm: k("html", "text/html"),
  css: k("css", "text/css"),
  scss: k("scss", "text/x-scss"),
  sass: k("scss", "text/x-sass"),
  less: k("less", "text/x-less"),
  md: k("markdown", "text/markdown"),
  markdown: k("markdown", "text/markdown"),
  mdx: k("markdown", "text/markdown"),
  py: k("python", "text/x-python"),
  pyi: k("python", "text/x-python"),
  go: k("go", "text/x-go"),
  rs: k("rust", "text/x-rust"),
  java: k("java", "text/x-java"),
  kt: k("kotlin", "text/x-kotlin"),
  kts: k("kotlin", "text/x-kotlin"),
  scala: k("scala", "text/x-scala"),
  swift: k("swift", "text/x-swift"),
  c: k("c", "text/x-c"),
  h: k("c", "text/x-c"),
  cc: k("cpp", "text/x-c++"),
  cpp: k("cpp", "text/x-c++"),
  cxx: k("cpp", "text/x-c++"),
  hpp: k("cpp", "text/x-c++"),
  hh: k("cpp", "text/x-c++"),
  cs: k("csharp", "text/x-csharp"),
  php: k("php", "text/x-php"),
  rb: k("ruby", "text/x-ruby"),
  lua: k("lua", "text/x-lua"),
  pl: k("perl", "text/x-perl"),
  pm: k("perl", "text/x-perl"),
  r: k("r", "text/x-r"),
  dart: k("dart", "text/x-dart"),
  ex: k("elixir", "text/x-elixir"),
  exs: k("elixir", "text/x-elixir"),
  erl: k("erlang", "text/x-erlang"),
  clj: k("clojure", "text/x-clojure"),
  fs: k("fsharp", "text/x-fsharp"),
  hs: k("haskell", "text/x-haskell"),
  jl: k("julia", "text/x-julia"),
  sh: k("shell", "text/x-shellscript"),
  bash: k("shell", "text/x-shellscript"),
  zsh: k("shell", "text/x-shellscript"),
  fish: k("shell", "text/x-shellscript"),
  ps1: k("powershell", "text/x-powershell"),
  bat: k("bat", "text/x-bat"),
  cmd: k("bat", "text/x-bat"),
  yaml: k("yaml", "text/yaml"),
  yml: k("yaml", "text/yaml"),
  toml: k("ini", "application/toml"),
  ini: k("ini", "text/x-ini"),
  cfg: k("ini", "text/x-ini"),
  conf: k("ini", "text/plain"),
  properties: k("ini", "text/x-java-properties"),
  xml: k("xml", "application/xml"),
  xsd: k("xml", "application/xml"),
  svg: k("xml", "image/svg+xml"),
  plist: k("xml", "application/xml"),
  sql: k("sql", "application/sql"),
  graphql: k("graphql", "application/graphql"),
  gql: k("graphql", "application/graphql"),
  proto: k("protobuf", "text/x-protobuf"),
  prisma: k("prisma", "text/plain"),
  tf: k("hcl", "text/plain"),
  hcl: k("hcl", "text/plain"),
  vue: k("html", "text/plain"),
  svelte: k("html", "text/plain"),
  dockerfile: k("dockerfile", "text/x-dockerfile"),
  txt: k("plaintext", "text/plain"),
  log: k("plaintext", "text/plain"),
  csv: k("plaintext", "text/csv"),
  tsv: k("plaintext", "text/tab-separated-values"),
};

/** Names that say what they are without an extension (or despite one). */
const BY_NAME: Record<string, Kind> = {
  dockerfile: k("dockerfile", "text/x-dockerfile"),
  containerfile: k("dockerfile", "text/x-dockerfile"),
  makefile: k("makefile", "text/x-makefile"),
  gnumakefile: k("makefile", "text/x-makefile"),
  "cmakelists.txt": k("cmake", "text/x-cmake"),
  gemfile: k("ruby", "text/x-ruby"),
  rakefile: k("ruby", "text/x-ruby"),
  jenkinsfile: k("groovy", "text/x-groovy"),
  ".bashrc": k("shell", "text/x-shellscript"),
  ".profile": k("shell", "text/x-shellscript"),
  ".zshrc": k("shell", "text/x-shellscript"),
  ".gitignore": k("ignore", "text/plain"),
  ".dockerignore": k("ignore", "text/plain"),
  ".npmrc": k("ini", "text/plain"),
  ".editorconfig": k("ini", "text/plain"),
  "tsconfig.json": k("json", "application/json"),
};

export interface FileKind {
  /** Monaco language id; "plaintext" when nothing better is known. */
  language: string;
  mime: string;
}

function baseName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash >= 0 ? path.slice(slash + 1) : path;
}

/** The extension after the last dot, lower-cased; none for dotfiles like `.bashrc`. */
export function extensionOf(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** Language and mime type for a text file at `path`. */
export function detectTextKind(path: string): FileKind {
  const name = baseName(path).toLowerCase();
  const byName = BY_NAME[name] ?? (name.startsWith("dockerfile.") ? BY_NAME.dockerfile : undefined);
  if (byName) return { ...byName };
  const byExt = BY_EXTENSION[extensionOf(path)];
  if (byExt) return { ...byExt };
  const looked = mime.lookup(name);
  // Only trust the mime database for text types; otherwise a text file is plain text to us.
  if (looked && (looked.startsWith("text/") || looked.endsWith("+json") || looked.endsWith("+xml"))) {
    return { language: "plaintext", mime: looked };
  }
  return { language: "plaintext", mime: "text/plain" };
}

/** Mime type for a file we serve or report without knowing whether it is text. */
export function mimeOf(path: string): string {
  const byName = BY_NAME[baseName(path).toLowerCase()] ?? BY_EXTENSION[extensionOf(path)];
  if (byName) return byName.mime;
  return mime.lookup(baseName(path)) || "application/octet-stream";
}

/** Language for a path whatever its content; used by listings and stat. */
export function languageOf(path: string): string {
  return detectTextKind(path).language;
}

/**
 * Binary when the bytes hold a NUL or are not valid UTF-8. With `partial` (a sample cut from a
 * longer file) a multi-byte character cut at the end is allowed. Good enough to keep images and
 * archives out of editors and grep.
 */
export function looksBinary(bytes: Uint8Array, options: { partial?: boolean } = {}): boolean {
  if (bytes.includes(0)) return true;
  let end = bytes.length;
  // Trim an incomplete UTF-8 sequence at the end of a partial sample (up to 3 bytes).
  for (let i = 1; options.partial && i <= 3 && end - i >= 0; i++) {
    const byte = bytes[end - i]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if ((byte & 0xc0) === 0xc0) {
      const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      if (need > i) end -= i;
    }
    break;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end));
    return false;
  } catch {
    return true;
  }
}
