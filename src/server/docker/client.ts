// The one factory for Docker Engine clients. Honours DOCKER_HOST (unix://, tcp://, http(s)://);
// server code talks to Docker only through the Engine API, never the `docker` CLI.
import Docker from "dockerode";
import { env } from "~/env";

const KEY = Symbol.for("atrium.docker");
type Holder = { [KEY]?: Docker };

export function dockerOptions(host: string | undefined): Docker.DockerOptions {
  if (!host) return { socketPath: "/var/run/docker.sock" };
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  const url = new URL(host.replace(/^tcp:\/\//, "http://"));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: url.protocol === "https:" ? "https" : "http" };
}

export function docker(): Docker {
  const holder = globalThis as Holder;
  holder[KEY] ??= new Docker(dockerOptions(env().DOCKER_HOST));
  return holder[KEY];
}
