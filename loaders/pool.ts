// The first build uses every core: runs are processed by worker threads, biggest first. With one worker
// (or under a test runner that cannot load TypeScript in threads) runs are processed in this thread.
import {availableParallelism} from "node:os";
import {Worker} from "node:worker_threads";
import {processRun, type RunResult, type RunTask} from "./processRun.js";

/** RUN_COMPARE_WORKERS, else one per core. */
export function workersFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const requested = Number(env.RUN_COMPARE_WORKERS);
  return Number.isInteger(requested) && requested >= 0 ? requested : availableParallelism();
}

// Workers load the TypeScript sources through tsx's loader, registered inside the thread.
const BOOT = `import("tsx/esm/api").then(({register}) => { register(); return import(${JSON.stringify(new URL("./worker.ts", import.meta.url).href)}); });`;

export async function runTasks(tasks: RunTask[], workers: number): Promise<RunResult[]> {
  if (workers <= 0 || tasks.length <= 1) {
    const results: RunResult[] = [];
    for (const task of tasks) results.push(await processRun(task));
    return results;
  }
  const results = new Array<RunResult>(tasks.length);
  let next = 0;
  const threads = Array.from({length: Math.min(workers, tasks.length)}, () => new Worker(BOOT, {eval: true}));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const post = () => {
              if (next >= tasks.length) return resolve();
              const id = next++;
              thread.postMessage({id, task: tasks[id]});
            };
            thread.on("message", (message: {id: number; result?: RunResult; error?: string}) => {
              if (message.error) return reject(new Error(`${tasks[message.id].run.id}: ${message.error}`));
              results[message.id] = message.result!;
              post();
            });
            thread.on("error", reject);
            thread.on("exit", (code) => code !== 0 && reject(new Error(`worker exited with code ${code}`)));
            post();
          })
      )
    );
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
  return results;
}
