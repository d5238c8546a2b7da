// The sandbox network's pure parts: the container's network, the Docker network request and the
// firewall rules (their effect is proven in adversary/sandbox-network.adv.test.ts).
import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env";
import { sandboxConfig } from "./config";
import { containerConfig, DockerDriver } from "./docker-driver";
import type { SandboxSpec } from "./driver";
import { BLOCKED_DESTINATIONS, FORWARD_CHAIN, firewallRuleset, hostResolvers, INPUT_CHAIN, installSandboxFirewall } from "./firewall";
import { networkSpec } from "./network";
import { resolveLimits } from "./presets";

const config = sandboxConfig({ dataDir: "/data" });

function spec(preset: string): SandboxSpec {
  return { sessionId: "s1", workspaceId: "w1", image: "img", workspaceDir: "/data/workspaces/w1", readOnly: false, limits: resolveLimits(preset), masks: [], user: config.fallbackUser };
}

describe("the sandbox's network", () => {
  it("puts default-preset sandboxes on Atrium's network, never Docker's default bridge; strict gets none", () => {
    expect(containerConfig(spec("default"), config, 2).HostConfig?.NetworkMode).toBe("atrium-sandbox");
    expect(containerConfig(spec("strict"), config, 2).HostConfig?.NetworkMode).toBe("none");
  });

  it("runs as the sandbox user with HOME and USER set (no passwd entry for it in the images)", () => {
    const created = containerConfig(spec("default"), config, 2);
    expect(created.User).toBe("2000000:2000000");
    expect(created.Env).toEqual(expect.arrayContaining(["HOME=/home/atrium", "USER=atrium", "LOGNAME=atrium"]));
  });

  it("asks Docker for a bridge with inter-container traffic off and a fixed interface name", () => {
    expect(networkSpec(config.network)).toMatchObject({
      Name: "atrium-sandbox",
      Driver: "bridge",
      Internal: false,
      EnableIPv6: false,
      Options: { "com.docker.network.bridge.enable_icc": "false", "com.docker.network.bridge.name": "atrium0" },
      Labels: { "atrium.managed": "1" },
    });
  });
});

describe("firewallRuleset", () => {
  const rules = firewallRuleset({ bridge: "atrium0", allow: ["192.168.1.10/32"] }, ["10.0.0.2"]).split("\n");
  const at = (rule: string) => rules.indexOf(rule);

  it("drops sandbox-to-sandbox, then lets allowed CIDRs and DNS to the host's resolvers through, then drops every blocked range", () => {
    const sandboxToSandbox = at(`-A ${FORWARD_CHAIN} -o atrium0 -j DROP`);
    const allowed = at(`-A ${FORWARD_CHAIN} -d 192.168.1.10/32 -j RETURN`);
    const dns = at(`-A ${FORWARD_CHAIN} -d 10.0.0.2/32 -p udp -m udp --dport 53 -j RETURN`);
    const firstDrop = at(`-A ${FORWARD_CHAIN} -d ${BLOCKED_DESTINATIONS[0]} -j DROP`);
    expect(sandboxToSandbox).toBeGreaterThan(0);
    expect(sandboxToSandbox).toBeLessThan(allowed);
    expect(allowed).toBeLessThan(dns);
    expect(dns).toBeLessThan(firstDrop);
    for (const cidr of ["169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8"]) {
      expect(rules).toContain(`-A ${FORWARD_CHAIN} -d ${cidr} -j DROP`);
    }
    expect(rules.at(-3)).toBe(`-A ${INPUT_CHAIN} -j DROP`);
    expect(rules.at(-2)).toBe("COMMIT");
  });

  it("keeps replies to allowed connections and blocks anything new from outside into a sandbox", () => {
    expect(rules).toContain(`-A ${FORWARD_CHAIN} -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN`);
    expect(rules).toContain(`-A ${INPUT_CHAIN} -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN`);
    expect(rules[3]).toBe(`-A ${FORWARD_CHAIN} -o atrium0 ! -i atrium0 -m conntrack --ctstate NEW -j DROP`);
  });
});

describe("installSandboxFirewall", () => {
  it("reports (never throws) when iptables refuses, and does nothing when turned off", async () => {
    const calls: string[] = [];
    const denied = (command: string) => {
      calls.push(command);
      return Promise.reject(new Error(`${command}: Permission denied (you must be root)`));
    };
    expect(await installSandboxFirewall(config.network, { run: denied, resolvers: [] })).toMatchObject({ state: "inactive", detail: expect.stringContaining("Permission denied") as unknown });
    expect(calls).toEqual(["iptables-restore"]);
    calls.length = 0;
    expect(await installSandboxFirewall({ ...config.network, firewall: "off" }, { run: denied })).toMatchObject({ state: "off" });
    expect(calls).toEqual([]);
  });

  it("installs the chains, then the jumps from DOCKER-USER and INPUT (once)", async () => {
    const calls: string[] = [];
    const run = (command: string, args: readonly string[]) => {
      calls.push(`${command} ${args.join(" ")}`);
      // `-C` (check) fails: the jumps are not there yet.
      return args.includes("-C") ? Promise.reject(new Error("no such rule")) : Promise.resolve({ stdout: "", stderr: "" });
    };
    expect(await installSandboxFirewall(config.network, { run, resolvers: [], bridgePresent: true })).toMatchObject({ state: "active" });
    expect(calls).toEqual([
      "iptables-restore -w --noflush",
      "iptables -w -n -L DOCKER-USER",
      `iptables -w -C DOCKER-USER -j ${FORWARD_CHAIN}`,
      `iptables -w -I DOCKER-USER 1 -j ${FORWARD_CHAIN}`,
      `iptables -w -C INPUT -i atrium0 -j ${INPUT_CHAIN}`,
      `iptables -w -I INPUT 1 -i atrium0 -j ${INPUT_CHAIN}`,
    ]);
  });

  it("is not active when the bridge lives in another network namespace (Atrium in a container)", async () => {
    const ok = () => Promise.resolve({ stdout: "", stderr: "" });
    expect(await installSandboxFirewall(config.network, { run: ok, resolvers: [], bridgePresent: false })).toMatchObject({ state: "inactive", detail: expect.stringContaining("network namespace") as unknown });
  });
});

describe("ATRIUM_SANDBOX_FIREWALL=required", () => {
  it("refuses networked sandboxes while the firewall is not in place, before asking Docker for anything", async () => {
    const strictConfig = sandboxConfig({ dataDir: "/data", network: { firewall: "required" } });
    await installSandboxFirewall(strictConfig.network, { run: () => Promise.reject(new Error("Permission denied")), resolvers: [] });
    const driver = new DockerDriver(strictConfig, () => {
      throw new Error("Docker must not be asked");
    }, null);
    await expect(driver.create(spec("default"))).rejects.toMatchObject({ code: "UNAVAILABLE", reason: "sandbox_firewall_missing" });
  });
});

describe("configuration", () => {
  it("reads the resolvers of resolv.conf files, leaving out loopback ones", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(`${tmpdir()}/atrium-resolv-`);
    await writeFile(`${dir}/a`, "# x\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nnameserver fe80::1\n");
    expect(await hostResolvers([`${dir}/a`, `${dir}/missing`])).toEqual(["10.0.0.2"]);
  });

  it("validates ATRIUM_SANDBOX_NETWORK_ALLOW, ATRIUM_SANDBOX_FIREWALL and the sandbox uid", () => {
    expect(parseEnv({ ATRIUM_SANDBOX_NETWORK_ALLOW: "192.168.1.10/32, 10.1.0.0/16" }).ATRIUM_SANDBOX_NETWORK_ALLOW).toEqual(["192.168.1.10/32", "10.1.0.0/16"]);
    expect(() => parseEnv({ ATRIUM_SANDBOX_NETWORK_ALLOW: "192.168.1.10" })).toThrow(/IPv4 CIDRs/);
    expect(() => parseEnv({ ATRIUM_SANDBOX_NETWORK_ALLOW: "10.0.0.0/8; iptables -F" })).toThrow(/IPv4 CIDRs/);
    expect(() => parseEnv({ ATRIUM_SANDBOX_FIREWALL: "maybe" })).toThrow(/auto/);
    expect(parseEnv({}).ATRIUM_SANDBOX_UID).toBe(2_000_000);
    expect(() => parseEnv({ ATRIUM_SANDBOX_UID: "0" })).toThrow(/ATRIUM_SANDBOX_UID/);
    expect(() => parseEnv({ ATRIUM_SANDBOX_UID: "2097152" })).toThrow(/ATRIUM_SANDBOX_UID/);
  });
});
