import { describe, expect, it } from "vitest";
import { dockerOptions } from "./client";

describe("dockerOptions", () => {
  it("follows DOCKER_HOST", () => {
    expect(dockerOptions(undefined)).toEqual({ socketPath: "/var/run/docker.sock" });
    expect(dockerOptions("unix:///run/user/1000/docker.sock")).toEqual({ socketPath: "/run/user/1000/docker.sock" });
    expect(dockerOptions("tcp://10.0.0.5:2376")).toEqual({ host: "10.0.0.5", port: 2376, protocol: "http" });
    expect(dockerOptions("https://docker.internal")).toEqual({ host: "docker.internal", port: 2375, protocol: "https" });
  });
});
