// For integration tests: Docker must be there. A missing engine or image FAILS the run (here and
// in CI alike), so a broken machine can never pass by skipping what it could not test.
import { docker } from "~/server/docker/client";
import { env } from "~/env";

export async function requireDocker(images: string[] = [env().ATRIUM_TEST_IMAGE]): Promise<boolean> {
  const problem = await dockerProblem(images);
  if (!problem) return true;
  throw new Error(`Docker is required for these tests: ${problem}`);
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
