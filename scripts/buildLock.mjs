// One build at a time: builds share Framework's cache folder (src/.observablehq/cache), and a second
// build emptying it under the first breaks both. The lock is a directory holding the owner's pid.
import {mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join} from "node:path";

const LOCK = join("src", ".observablehq", "build.lock");
const STALE_MS = 20 * 60_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function stale() {
  try {
    process.kill(Number(readFileSync(join(LOCK, "pid"), "utf8")), 0);
    return false;
  } catch (error) {
    if (error.code === "ESRCH") return true;
    return Date.now() - (statSync(LOCK, {throwIfNoEntry: false})?.mtimeMs ?? Date.now()) > STALE_MS;
  }
}

export async function withBuildLock(work, {timeoutMs = 15 * 60_000} = {}) {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    try {
      mkdirSync(LOCK, {recursive: false});
      writeFileSync(join(LOCK, "pid"), String(process.pid));
      break;
    } catch (error) {
      if (error.code === "ENOENT") mkdirSync(join("src", ".observablehq"), {recursive: true});
      else if (stale()) rmSync(LOCK, {recursive: true, force: true});
      if (Date.now() > deadline) throw new Error(`timed out waiting for another build (${LOCK})`);
      if (!said && error.code === "EEXIST")
        (said = true), console.error("run-compare: another build is running; waiting for it");
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, {recursive: true, force: true});
  }
}
