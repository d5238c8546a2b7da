// The sandbox network (issue 12, item 13): a `default`-preset sandbox reaches the internet, and
// nothing else: not another tenant's sandbox, not the host's own services (on any of its
// addresses), not link-local metadata (169.254.169.254), not private networks.
//
// Everything happens inside network namespaces this test creates (adversary/support/netns.ts), with
// a dockerd of its own running in one of them; the firewall's iptables commands run there too. No
// packet goes to the machine's docker0, 172.17.x or any other real address. Needs root, `ip`,
// `dockerd` and the busybox test image on the system engine; without them this FAILS (never skips).
import { chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env";
import { sandboxConfig } from "~/server/sandbox/config";
import { DockerDriver } from "~/server/sandbox/docker-driver";
import type { SandboxHandle } from "~/server/sandbox/driver";
import { checkSandboxFirewall } from "~/server/sandbox/firewall";
import { prepareSandboxNetwork } from "~/server/sandbox/network";
import { resolveLimits } from "~/server/sandbox/presets";
import { ADDR, NetnsWorld } from "./support/netns";

const IMAGE = env().ATRIUM_TEST_IMAGE;
const opts = { timeoutMs: 30_000, maxOutputBytes: 1 << 20 };

describe("sandbox network", () => {
  let world: NetnsWorld;
  let driver: DockerDriver;
  let client: Docker;
  const config = sandboxConfig({ dataDir: "/nonexistent", instanceId: `adv-net-${process.pid}`, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20 });
  const dirs: string[] = [];
  const boxes: Record<"a" | "b", { handle: SandboxHandle; ip: string }> = {} as never;

  async function sandbox(name: "a" | "b", workspaceId: string): Promise<{ handle: SandboxHandle; ip: string }> {
    const dir = await mkdtemp(path.join(tmpdir(), `atrium-advnet-${name}-`));
    dirs.push(dir);
    await writeFile(path.join(dir, "index.html"), `reached sandbox ${name}`);
    await chown(dir, config.fallbackUser.uid, config.fallbackUser.gid);
    const handle = await driver.create({
      sessionId: `advnet-${name}-${process.pid}`,
      workspaceId,
      image: IMAGE,
      workspaceDir: dir,
      readOnly: false,
      limits: resolveLimits("default", {}, config.presets),
      masks: [],
      user: config.fallbackUser,
    });
    await driver.start(handle);
    const info = await client.getContainer(handle.id).inspect();
    const ip = info.NetworkSettings.Networks[config.network.name]?.IPAddress;
    if (!ip) throw new Error(`sandbox ${name} is not on ${config.network.name}: ${JSON.stringify(Object.keys(info.NetworkSettings.Networks))}`);
    return { handle, ip };
  }

  /**
   * The body sandbox `from` gets from http://address:port/ (null: no connection within 3 s). `nc`,
   * not the image's static busybox `wget`, which crashes before connecting (and would make every
   * "blocked" case pass for the wrong reason; the controls below catch that).
   */
  async function reach(from: "a" | "b", address: string, port: number = ADDR.port): Promise<string | null> {
    const r = await driver.exec(boxes[from].handle, ["sh", "-c", `printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 ${address} ${port}`], opts);
    if (r.exitCode !== 0) return null;
    const body = r.stdout.split("\r\n\r\n").slice(1).join("\r\n\r\n");
    return body.trim();
  }

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error("this test needs root (it creates network namespaces and runs a dockerd in one)");
    world = new NetnsWorld(await mkdtemp(path.join(tmpdir(), "atrium-advnet-")), `advnet${process.pid}`);
    await world.start();
    await world.loadImage(IMAGE);
    client = new Docker({ socketPath: world.socket });
    // Start-up as server.ts does it: the network, then the firewall, in the namespace of that dockerd.
    const prepared = await prepareSandboxNetwork(client, config.network, { run: world.runner, resolvers: [] });
    expect(prepared.network).toBeNull();
    expect(prepared.firewall.state).toBe("active");
    driver = new DockerDriver(config, () => client, null);
    boxes.a = await sandbox("a", "workspace-a");
    boxes.b = await sandbox("b", "workspace-b");
    // B serves its workspace on :8080 (busybox httpd daemonises and outlives the exec).
    const served = await driver.exec(boxes.b.handle, ["httpd", "-p", String(ADDR.port), "-h", "/workspace"], opts);
    expect(served).toMatchObject({ exitCode: 0, stderr: "" });
  });

  afterAll(async () => {
    for (const box of Object.values(boxes)) await driver.destroy(box.handle).catch(() => undefined);
    await world?.dispose();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it("puts sandboxes on Atrium's own network with inter-container traffic off, not Docker's default bridge", async () => {
    const info = (await client.getNetwork(config.network.name).inspect()) as { Options: Record<string, string>; Labels: Record<string, string> };
    expect(info.Options).toMatchObject({ "com.docker.network.bridge.enable_icc": "false", "com.docker.network.bridge.name": config.network.bridge });
    expect(info.Labels).toMatchObject({ "atrium.managed": "1" });
    expect(await checkSandboxFirewall(config.network, world.runner)).toMatchObject({ ok: true });
  });

  it("B serves, and B itself can fetch it (control for the next case)", async () => {
    expect(await reach("b", "127.0.0.1")).toBe("reached sandbox b");
  });

  it("sandbox A cannot reach sandbox B (another workspace's)", async () => {
    expect(await reach("a", boxes.b.ip)).toBeNull();
  });

  it("no sandbox reaches the host's services, on any of the host's addresses", async () => {
    const gateway = (await client.getNetwork(config.network.name).inspect()) as { IPAM: { Config: { Gateway?: string }[] } };
    const addresses = [ADDR.host, ADDR.hostPublic, gateway.IPAM.Config[0]?.Gateway ?? ""].filter(Boolean);
    expect(addresses).toHaveLength(3);
    for (const address of addresses) {
      // The listener is really there: the host namespace itself gets an answer.
      expect(await world.fetchFromHost(address)).toBe(`reached ${address}`);
      expect({ address, got: await reach("a", address) }).toEqual({ address, got: null });
      expect({ address, got: await reach("b", address) }).toEqual({ address, got: null });
    }
  });

  it("no sandbox reaches link-local metadata or a private network", async () => {
    for (const address of [ADDR.metadata, ADDR.lan]) {
      expect(await world.fetchFromHost(address)).toBe(`reached ${address}`);
      expect({ address, got: await reach("a", address) }).toEqual({ address, got: null });
    }
  });

  it("outbound traffic to a public address still works", async () => {
    expect(await reach("a", ADDR.outside)).toBe(`reached ${ADDR.outside}`);
    expect(await reach("b", ADDR.outside)).toBe(`reached ${ADDR.outside}`);
  });

  it("runs the sandbox as the sandbox uid, not a host account", async () => {
    const id = await driver.exec(boxes.a.handle, ["id", "-u"], opts);
    expect(id.stdout.trim()).toBe("2000000");
  });
});
