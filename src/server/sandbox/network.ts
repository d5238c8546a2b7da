// The network `default`-preset sandboxes join: ONE Docker bridge network for every Atrium on the
// Docker host (`atrium-sandbox`, bridge `atrium0`), created on demand, with inter-container traffic
// off (com.docker.network.bridge.enable_icc=false), guarded by the firewall in firewall.ts.
//
// Why one shared network and not one per workspace: isolation between sandboxes comes from icc=false
// and the firewall's bridge-to-bridge drop, which hold between any two containers on the bridge, so
// per-workspace networks would add nothing between tenants; they would cost a subnet each, and
// Docker's default address pools hold about 30 networks in all, so the 31st workspace with a running
// session would fail to start. One network also means one interface for the firewall rules, which
// can therefore be installed once at start-up, and nothing to remove when sessions end.
// `strict` sandboxes have no network at all (NetworkMode none).
import type Docker from "dockerode";
import { AppError } from "~/server/errors";
import type { SandboxNetworkConfig } from "./config";
import { LABELS } from "./driver";
import { type CommandRunner, type FirewallState, hostRunner, installSandboxFirewall, keepSandboxFirewall } from "./firewall";

export const NETWORK_LABEL = "atrium.network";
const ICC = "com.docker.network.bridge.enable_icc";
const BRIDGE_NAME = "com.docker.network.bridge.name";

function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : undefined;
}

/** The Docker network's create request (pure, for tests). */
export function networkSpec(net: SandboxNetworkConfig): Docker.NetworkCreateOptions {
  return {
    Name: net.name,
    Driver: "bridge",
    CheckDuplicate: true,
    Internal: false,
    EnableIPv6: false,
    Options: { [ICC]: "false", [BRIDGE_NAME]: net.bridge, "com.docker.network.bridge.enable_ip_masquerade": "true" },
    Labels: { [LABELS.managed]: "1", [NETWORK_LABEL]: "sandbox" },
  };
}

/** A network with this name that lets containers talk to each other is not one to put tenants on. */
function assertIsolated(net: SandboxNetworkConfig, info: { Driver?: string; Options?: Record<string, string> }): void {
  const options = info.Options ?? {};
  if (info.Driver !== "bridge" || options[ICC] !== "false" || options[BRIDGE_NAME] !== net.bridge) {
    throw new AppError("UNAVAILABLE", {
      message:
        `The Docker network "${net.name}" exists but was not made by Atrium for sandboxes (it needs driver bridge, ${ICC}=false and bridge name ${net.bridge}), ` +
        `so sandboxes on it could reach each other. Remove it (docker network rm ${net.name}) and start the session again; Atrium recreates it.`,
      reason: "sandbox_network_unsafe",
    });
  }
}

/** Creates the sandbox network when it is missing; checks an existing one is isolating. Safe to race. */
export async function ensureSandboxNetwork(client: Docker, net: SandboxNetworkConfig): Promise<void> {
  const inspect = () => client.getNetwork(net.name).inspect() as Promise<{ Driver?: string; Options?: Record<string, string> }>;
  try {
    assertIsolated(net, await inspect());
    return;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  try {
    await client.createNetwork(networkSpec(net));
  } catch (error) {
    // 409: another process (or Atrium) created it meanwhile; check what it made below.
    if (statusOf(error) !== 409) throw error;
  }
  assertIsolated(net, await inspect());
}

/** Whether the sandbox bridge exists in the namespace `run` acts in. */
async function bridgePresent(net: SandboxNetworkConfig, run: CommandRunner): Promise<boolean> {
  return run("ip", ["-o", "link", "show", "dev", net.bridge]).then(
    () => true,
    () => false,
  );
}

export interface PrepareNetworkOptions {
  run?: CommandRunner;
  resolvers?: readonly string[];
  /** Re-check and repair instead of a full install (the periodic pass). */
  recheck?: boolean;
}

/**
 * Start-up (and periodic) preparation: the Docker network, then the firewall for its bridge. Never
 * throws: Atrium serves without Docker or without firewall rights, and says so (log, health, doctor).
 */
export async function prepareSandboxNetwork(client: Docker, net: SandboxNetworkConfig, options: PrepareNetworkOptions = {}): Promise<{ network: string | null; firewall: FirewallState }> {
  const run = options.run ?? hostRunner;
  let network: string | null = null;
  try {
    await ensureSandboxNetwork(client, net);
  } catch (error) {
    network = error instanceof Error ? error.message : String(error);
  }
  // Without the network (Docker down) the bridge cannot be looked for; the rules match its name and apply once it appears.
  const present = network === null ? await bridgePresent(net, run) : undefined;
  const firewall = options.recheck
    ? await keepSandboxFirewall(net, { run, bridgePresent: present })
    : await installSandboxFirewall(net, { run, resolvers: options.resolvers, bridgePresent: present });
  return { network, firewall };
}
