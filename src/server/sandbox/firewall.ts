// The sandbox firewall: iptables rules, installed by Atrium at start-up, that keep `default`-preset
// sandboxes (on the shared Atrium bridge, see network.ts) away from everything but the internet:
// - nothing from one sandbox to another (a second guard beside the network's enable_icc=false);
// - nothing to this host's own addresses (INPUT from the bridge: Atrium itself, the database, any
//   service listening on all interfaces, the bridge gateway, the host's public address);
// - nothing to link-local (169.254.0.0/16: cloud metadata), private, loopback, CGNAT (100.64.0.0/10,
//   also some clouds' metadata), benchmark, multicast or reserved ranges, except DNS to this host's
//   resolvers and the CIDRs an operator allows (ATRIUM_SANDBOX_NETWORK_ALLOW);
// - nothing new from outside into a sandbox;
// - replies to allowed connections and new connections to public addresses pass as before.
// The rules match the bridge's interface name, not its subnet, so they hold whatever subnet Docker
// picks and can be installed before the network exists. They live in two chains of Atrium's own,
// replaced atomically (iptables-restore --noflush), jumped to from DOCKER-USER (Docker leaves that
// chain to the administrator and never flushes it) and INPUT.
//
// Commands run through a `CommandRunner` so tests can run them inside a network namespace of
// their own (`ip netns exec`), never on the machine's real tables.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { SandboxNetworkConfig } from "./config";

export const FORWARD_CHAIN = "ATRIUM-SANDBOX";
export const INPUT_CHAIN = "ATRIUM-SANDBOX-INPUT";

/**
 * Destinations no sandbox may open a connection to (IPv4; the sandbox network has no IPv6).
 * Private ranges are in because a sandbox reaching the LAN, other Docker networks or a cloud VPC
 * is a tenant reaching the operator's infrastructure.
 */
export const BLOCKED_DESTINATIONS = [
  "0.0.0.0/8", // "this network"
  "10.0.0.0/8", // private
  "100.64.0.0/10", // carrier-grade NAT (Alibaba's metadata service is 100.100.100.200)
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local: cloud metadata (169.254.169.254), AWS DNS/NTP
  "172.16.0.0/12", // private, Docker's default networks
  "192.0.0.0/24", // IETF protocol assignments
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, broadcast
] as const;

export type CommandRunner = (command: string, args: readonly string[], input?: string) => Promise<{ stdout: string; stderr: string }>;

/** Runs the command on this machine, as this process. */
export const hostRunner: CommandRunner = (command, args, input) =>
  new Promise((resolve, reject) => {
    const child = execFile(command, [...args], { timeout: 15_000, maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")}: ${(stderr || error.message).trim()}`, { cause: error }));
      else resolve({ stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });

/** The IPv4 nameservers in the host's resolv.conf files (Docker forwards sandboxes' DNS to them). */
export async function hostResolvers(files: readonly string[] = ["/etc/resolv.conf", "/run/systemd/resolve/resolv.conf"]): Promise<string[]> {
  const found = new Set<string>();
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => "");
    for (const match of text.matchAll(/^\s*nameserver\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/gm)) {
      if (!match[1]!.startsWith("127.")) found.add(match[1]!);
    }
  }
  return [...found];
}

/** The iptables-restore input that fills both chains (pure, for tests and `atrium doctor`). */
export function firewallRuleset(net: Pick<SandboxNetworkConfig, "bridge" | "allow">, resolvers: readonly string[]): string {
  const br = net.bridge;
  const lines = [
    "*filter",
    // Declaring a chain in --noflush mode creates it when missing and empties it: the whole set is replaced in one commit.
    `:${FORWARD_CHAIN} - [0:0]`,
    `:${INPUT_CHAIN} - [0:0]`,
    // Nothing outside opens a connection to a sandbox.
    `-A ${FORWARD_CHAIN} -o ${br} ! -i ${br} -m conntrack --ctstate NEW -j DROP`,
    // Everything below is about traffic from sandboxes.
    `-A ${FORWARD_CHAIN} ! -i ${br} -j RETURN`,
    `-A ${FORWARD_CHAIN} -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN`,
    `-A ${FORWARD_CHAIN} -o ${br} -j DROP`,
    ...net.allow.map((cidr) => `-A ${FORWARD_CHAIN} -d ${cidr} -j RETURN`),
    ...resolvers.flatMap((ip) => ["udp", "tcp"].map((proto) => `-A ${FORWARD_CHAIN} -d ${ip}/32 -p ${proto} -m ${proto} --dport 53 -j RETURN`)),
    ...BLOCKED_DESTINATIONS.map((cidr) => `-A ${FORWARD_CHAIN} -d ${cidr} -j DROP`),
    `-A ${FORWARD_CHAIN} -j RETURN`,
    // Anything a sandbox sends to this host itself, whichever of its addresses: only replies pass.
    `-A ${INPUT_CHAIN} -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN`,
    `-A ${INPUT_CHAIN} -j DROP`,
    "COMMIT",
    "",
  ];
  return lines.join("\n");
}

export interface FirewallState {
  /** `active`: rules in place; `inactive`: they could not be installed (or are gone); `off`: ATRIUM_SANDBOX_FIREWALL=off; `unknown`: not tried yet. */
  state: "active" | "inactive" | "off" | "unknown";
  detail: string;
  checkedAt: string;
}

const KEY = Symbol.for("atrium.sandbox.firewall");
type Holder = { [KEY]?: FirewallState };

/** What the last install or check found (shared by server.ts and Next's bundle through globalThis). */
export function firewallState(): FirewallState {
  return (globalThis as Holder)[KEY] ?? { state: "unknown", detail: "the sandbox firewall has not been set up in this process", checkedAt: new Date(0).toISOString() };
}

function setFirewallState(state: FirewallState["state"], detail: string): FirewallState {
  const value = { state, detail, checkedAt: new Date().toISOString() };
  (globalThis as Holder)[KEY] = value;
  return value;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();

/** The chain Docker leaves to administrators when it manages iptables; FORWARD when it does not. */
async function forwardHook(run: CommandRunner): Promise<string> {
  return run("iptables", ["-w", "-n", "-L", "DOCKER-USER"]).then(
    () => "DOCKER-USER",
    () => "FORWARD",
  );
}

async function ensureJump(run: CommandRunner, chain: string, rule: readonly string[]): Promise<void> {
  const present = await run("iptables", ["-w", "-C", chain, ...rule]).then(
    () => true,
    () => false,
  );
  if (!present) await run("iptables", ["-w", "-I", chain, "1", ...rule]);
}

/**
 * Installs (or re-installs) the rules. Never throws: the outcome is returned and remembered for
 * /api/health and the start-up log. `bridgePresent` says whether the sandbox bridge is visible in
 * the namespace the rules go to; a bridge living elsewhere (Atrium in a container of its own)
 * means these rules would guard nothing.
 */
export async function installSandboxFirewall(net: SandboxNetworkConfig, options: { run?: CommandRunner; resolvers?: readonly string[]; bridgePresent?: boolean } = {}): Promise<FirewallState> {
  if (net.firewall === "off") return setFirewallState("off", "ATRIUM_SANDBOX_FIREWALL=off: no rules installed; sandboxes on the default preset can reach this host and private networks");
  const run = options.run ?? hostRunner;
  try {
    const resolvers = options.resolvers ?? (await hostResolvers());
    await run("iptables-restore", ["-w", "--noflush"], firewallRuleset(net, resolvers));
    const hook = await forwardHook(run);
    await ensureJump(run, hook, ["-j", FORWARD_CHAIN]);
    await ensureJump(run, "INPUT", ["-i", net.bridge, "-j", INPUT_CHAIN]);
  } catch (error) {
    return setFirewallState("inactive", `could not install the sandbox firewall: ${describe(error)}`);
  }
  if (options.bridgePresent === false) {
    return setFirewallState(
      "inactive",
      `rules installed, but the sandbox bridge ${net.bridge} is not in this network namespace: Atrium does not share the Docker host's network (run it on the host, or with network_mode: host and CAP_NET_ADMIN)`,
    );
  }
  return setFirewallState("active", `sandboxes on ${net.name} (bridge ${net.bridge}) reach the internet only: not each other, this host, link-local/metadata or private ranges`);
}

/** Looks without changing anything (for `atrium doctor` and the periodic re-check). */
export async function checkSandboxFirewall(net: SandboxNetworkConfig, run: CommandRunner = hostRunner): Promise<{ ok: boolean; detail: string }> {
  if (net.firewall === "off") return { ok: false, detail: "ATRIUM_SANDBOX_FIREWALL=off" };
  const list = (chain: string) =>
    run("iptables", ["-w", "-S", chain]).then(
      (r) => r.stdout,
      (error: unknown) => {
        // iptables-nft says "incompatible" for a chain that does not exist; say what it means.
        throw new Error(/Permission denied|must be root/i.test(describe(error)) ? describe(error) : `chain ${chain} not found in this network namespace`, { cause: error });
      },
    );
  try {
    const rules = await list(FORWARD_CHAIN);
    if (!rules.includes("169.254.0.0/16") || !rules.includes(`-o ${net.bridge} -j DROP`)) return { ok: false, detail: `chain ${FORWARD_CHAIN} is incomplete` };
    const input = await list(INPUT_CHAIN);
    if (!/-A \S+ -j DROP/.test(input)) return { ok: false, detail: `chain ${INPUT_CHAIN} is incomplete` };
    const hook = await forwardHook(run);
    await run("iptables", ["-w", "-C", hook, "-j", FORWARD_CHAIN]);
    await run("iptables", ["-w", "-C", "INPUT", "-i", net.bridge, "-j", INPUT_CHAIN]);
    return { ok: true, detail: `rules in place (${hook} → ${FORWARD_CHAIN}, INPUT → ${INPUT_CHAIN})` };
  } catch (error) {
    return { ok: false, detail: `rules missing: ${describe(error)}` };
  }
}

/** Re-checks the rules and re-installs them when something removed them; updates the remembered state. */
export async function keepSandboxFirewall(net: SandboxNetworkConfig, options: { run?: CommandRunner; bridgePresent?: boolean } = {}): Promise<FirewallState> {
  const current = firewallState();
  if (net.firewall === "off") return current.state === "off" ? current : installSandboxFirewall(net, options);
  const check = await checkSandboxFirewall(net, options.run);
  if (check.ok && current.state === "active" && options.bridgePresent !== false) return current;
  return installSandboxFirewall(net, options);
}
