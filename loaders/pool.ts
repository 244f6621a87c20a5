// The first build uses every core: runs are processed by worker threads, biggest first. With one worker
// (or under a test runner that cannot load TypeScript in threads) runs are processed in this thread.
import {statSync} from "node:fs";
import {availableParallelism} from "node:os";
import {join} from "node:path";
import {Worker} from "node:worker_threads";
import {processRun, type RunResult, type RunTask} from "./processRun.js";

/** Below this much pending predictions.jsonl, starting threads (about a second each) costs more than it saves. */
const THREADS_WORTH_BYTES = 24 * 1024 ** 2;

/** RUN_COMPARE_WORKERS (0 = this thread), else "auto": one per core once the work is large enough. */
export function workersFromEnv(env: NodeJS.ProcessEnv = process.env): number | "auto" {
  const requested = Number(env.RUN_COMPARE_WORKERS);
  return env.RUN_COMPARE_WORKERS && Number.isInteger(requested) && requested >= 0 ? requested : "auto";
}

function pendingBytes(tasks: RunTask[]): number {
  return tasks.reduce(
    (sum, task) => sum + (statSync(join(task.run.dir, "predictions.jsonl"), {throwIfNoEntry: false})?.size ?? 0),
    0
  );
}

export function workerCount(tasks: RunTask[], workers: number | "auto"): number {
  if (workers !== "auto") return workers;
  return pendingBytes(tasks) >= THREADS_WORTH_BYTES ? availableParallelism() : 0;
}

// Workers load the TypeScript sources through tsx's loader, registered inside the thread.
const WORKER = JSON.stringify(new URL("./worker.ts", import.meta.url).href);
const BOOT = `import("tsx/esm/api").then(({register}) => { register(); return import(${WORKER}); });`;

export async function runTasks(tasks: RunTask[], requested: number | "auto"): Promise<RunResult[]> {
  const workers = workerCount(tasks, requested);
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
