// For integration tests: Docker must be there in CI (a missing engine FAILS the run there, so a
// broken CI machine cannot pass by skipping everything); elsewhere the Docker tests skip.
import { docker } from "~/server/docker/client";
import { env } from "~/env";

export async function requireDocker(images: string[] = [env().ATRIUM_TEST_IMAGE]): Promise<boolean> {
  const problem = await dockerProblem(images);
  if (!problem) return true;
  if (process.env.CI === "true") throw new Error(`Docker is required in CI: ${problem}`);
  console.warn(`[sandbox tests] skipped: ${problem}`);
  return false;
}

async function dockerProblem(images: string[]): Promise<string | null> {
  try {
    await docker().ping();
  } catch (error) {
    return `no Docker engine answers (${error instanceof Error ? error.message : String(error)}); start dockerd or set DOCKER_HOST`;
  }
  for (const image of images) {
    try {
      await docker().getImage(image).inspect();
    } catch {
      return `the image ${image} is missing; build it with \`npm run images\``;
    }
  }
  return null;
}
