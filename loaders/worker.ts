// Worker thread entry: runs processRun for each task the pool posts, one at a time.
import {parentPort} from "node:worker_threads";
import {processRun, type RunTask} from "./processRun.js";

parentPort!.on("message", async ({id, task}: {id: number; task: RunTask}) => {
  try {
    parentPort!.postMessage({id, result: await processRun(task)});
  } catch (error) {
    parentPort!.postMessage({id, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error)});
  }
});
