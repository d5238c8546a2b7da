import { describe, expect, it } from "vitest";
import { splitArgv } from "./argv";

const words = (line: string) => {
  const r = splitArgv(line);
  if (!r.ok) throw new Error(`expected words, got: ${r.error}`);
  return r.argv;
};
const error = (line: string) => {
  const r = splitArgv(line);
  if (r.ok) throw new Error(`expected an error, got: ${JSON.stringify(r.argv)}`);
  return r.error;
};

describe("splitArgv: words", () => {
  it("splits on runs of blanks, ignoring leading and trailing ones", () => {
    expect(words("sleep 300")).toEqual(["sleep", "300"]);
    expect(words("  python3\t main.py \n --name=x  ")).toEqual(["python3", "main.py", "--name=x"]);
  });

  it("keeps plain punctuation that a shell leaves alone", () => {
    expect(words("git commit -m wip,done a=b user@host:1 -- ./x/y.py a#b a~b ] }")).toEqual(["git", "commit", "-m", "wip,done", "a=b", "user@host:1", "--", "./x/y.py", "a#b", "a~b", "]", "}"]);
  });

  it("keeps non-ASCII text whole", () => {
    expect(words("echo 'héllo wörld' ✓")).toEqual(["echo", "héllo wörld", "✓"]);
  });
});

describe("splitArgv: quoting", () => {
  it("single quotes keep everything literally, backslashes and $ included", () => {
    expect(words(`echo 'a b' 'x\\y' '$HOME' '*.py' '|'`)).toEqual(["echo", "a b", "x\\y", "$HOME", "*.py", "|"]);
  });

  it("double quotes keep blanks and single quotes; \\ escapes only \" \\ $ ` and newline", () => {
    expect(words(`python3 -c "print('a b')"`)).toEqual(["python3", "-c", "print('a b')"]);
    expect(words(`echo "say \\"hi\\"" "c:\\\\dir" "\\$HOME" "\\\`x\\\`" "a\\nb"`)).toEqual(["echo", 'say "hi"', "c:\\dir", "$HOME", "`x`", "a\\nb"]);
    expect(words('echo "one\\\ntwo"')).toEqual(["echo", "onetwo"]);
  });

  it("a backslash outside quotes makes the next character literal; backslash-newline joins", () => {
    expect(words("printf x\\ y a\\|b \\*.py \\$HOME \\'")).toEqual(["printf", "x y", "a|b", "*.py", "$HOME", "'"]);
    expect(words("echo a\\\nb")).toEqual(["echo", "ab"]);
  });

  it("joins adjacent quoted and unquoted parts into one word", () => {
    expect(words(`--name='Ada Lovelace'"!"x`)).toEqual(["--name=Ada Lovelace!x"]);
  });

  it("'' and \"\" are empty words", () => {
    expect(words(`printf '' "" x`)).toEqual(["printf", "", "", "x"]);
  });
});

describe("splitArgv: errors", () => {
  it("an unclosed quote says which one", () => {
    expect(error("echo 'unterminated")).toMatch(/single quote is not closed/);
    expect(error('echo "unterminated')).toMatch(/double quote is not closed/);
    expect(error(`echo "it's'`)).toMatch(/double quote is not closed/);
  });

  it("a trailing lone backslash", () => {
    expect(error("echo \\")).toMatch(/lone backslash/);
  });

  it("an empty or blank line", () => {
    expect(error("")).toMatch(/Type a command/);
    expect(error("   \t ")).toMatch(/Type a command/);
  });

  it.each([
    ["ls | wc -l", "|"],
    ["make && make install", "&"],
    ["a; b", ";"],
    ["cat < in", "<"],
    ["echo > out", ">"],
    ["(cd x)", "("],
    ["echo $HOME", "$"],
    ["echo `id`", "`"],
    ["rm *.log", "*"],
    ["ls file?.txt", "?"],
    ["ls [ab].txt", "["],
    ["echo {a,b}", "{"],
    ["cat ~/.profile", "~"],
    ["echo # comment", "#"],
    ['echo "$HOME"', "$"],
    ['echo "`id`"', "`"],
  ])("refuses shell syntax a person would expect a shell to act on: %s", (line, ch) => {
    const message = error(line);
    expect(message).toContain(`“${ch}” needs a shell`);
    expect(message).toMatch(/Quote it/);
  });
});
