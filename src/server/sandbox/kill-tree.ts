// Ending a command's whole process tree inside a container, without host pids (DOCKER_HOST may be
// remote). Every command Atrium starts carries a random marker in its environment, and runc makes
// each exec a session leader. The killer (a second exec, as the same user) stops then kills every
// process that carries the marker and every process in those processes' sessions, and repeats
// until none is left, so a child forking while we kill is caught on the next round.
//
// Escapes and what catches them: a process that both calls setsid and clears its environment is
// invisible to the killer; it still lives inside the session's pids and memory limits and dies
// when the session stops. When the killer itself cannot run (a fork bomb at the pids limit leaves
// no pid for it) or processes survive every round, the driver restarts the container instead.

export const MARKER_VAR = "ATRIUM_EXEC";

/**
 * POSIX sh using only builtins inside the loops (grep runs once per round), so it still works when
 * few pids are free. Zombies are skipped: the container's init (Docker's `Init: true`) reaps them. Exit 0: nothing left; 1: processes survived every round. `$1` is the marker value.
 */
export const KILL_SCRIPT = [
  "marker=\"ATRIUM_EXEC=$1\"",
  "self_sid=\"\"",
  "read -r line < /proc/$$/stat && { rest=${line##*) }; set -- $rest; self_sid=$4; }",
  "round=0",
  "while [ $round -lt 20 ]; do",
  "  round=$((round + 1))",
  "  marked=\"\"",
  "  sids=\" \"",
  "  for f in $(grep -lzxF \"$marker\" /proc/[0-9]*/environ 2>/dev/null); do",
  "    p=${f#/proc/}; p=${p%/environ}",
  "    [ \"$p\" = \"$$\" ] && continue",
  "    { read -r line < /proc/$p/stat; } 2>/dev/null || continue",
  "    rest=${line##*) }; set -- $rest",
  "    [ \"$1\" = Z ] && continue",
  "    marked=\"$marked $p\"",
  "    [ \"$4\" != 1 ] && [ \"$4\" != \"$self_sid\" ] && sids=\"$sids$4 \"",
  "  done",
  "  victims=\"$marked\"",
  "  if [ \"$sids\" != \" \" ]; then",
  "    for d in /proc/[0-9]*; do",
  "      p=${d#/proc/}",
  "      { [ \"$p\" = 1 ] || [ \"$p\" = \"$$\" ]; } && continue",
  "      { read -r line < $d/stat; } 2>/dev/null || continue",
  "      rest=${line##*) }; set -- $rest",
  "      [ \"$1\" = Z ] && continue",
  "      case \"$sids\" in *\" $4 \"*) victims=\"$victims $p\" ;; esac",
  "    done",
  "  fi",
  "  [ -z \"$victims\" ] && exit 0",
  "  kill -STOP $victims 2>/dev/null",
  "  kill -KILL $victims 2>/dev/null",
  "done",
  "exit 1",
].join("\n");

export function killTreeArgv(marker: string): string[] {
  return ["/bin/sh", "-c", KILL_SCRIPT, "atrium-kill", marker];
}
