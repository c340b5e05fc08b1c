// Last-resort cleanup: child process groups must not outlive the runner, also on Ctrl-C or SIGTERM.
const actions = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const action of actions) {
    try {
      action();
    } catch {
      // best effort while exiting
    }
  }
  actions.clear();
}

/** Registers a synchronous action for process exit; returns a function that unregisters it. */
export function onExit(action: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.on(signal, () => {
        console.log(`\n${signal}: cleaning up`);
        runAll();
        process.exit(code);
      });
    }
  }
  actions.add(action);
  return () => actions.delete(action);
}
