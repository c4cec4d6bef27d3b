// Refreshes the README screenshot from the last E2E run's artifacts.
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const from = path.join(here, "artifacts", "screenshots", process.argv[2] ?? "stock-demo.png");
const to = path.join(here, "screenshots", "readme.png");
if (!existsSync(from)) {
  console.error(`${from} does not exist: run npm test (the E2E suite writes it) first`);
  process.exit(1);
}
copyFileSync(from, to);
console.log(`README screenshot updated from ${path.relative(process.cwd(), from)}`);
