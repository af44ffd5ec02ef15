/**
 * Process-wide Temporal setup: quiet logging (faultline prints its own progress; set
 * FAULTLINE_TEMPORAL_LOG=WARN or DEBUG to see the SDK's) and one workflow bundle per process,
 * shared by every worker.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type LogLevel,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';

const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

let runtimeInstalled = false;
let bundlePromise: Promise<WorkflowBundleWithSourceMap> | undefined;

function logLevel(): LogLevel {
  const requested = process.env.FAULTLINE_TEMPORAL_LOG?.toUpperCase();
  return LOG_LEVELS.find((level) => level === requested) ?? 'ERROR';
}

/** Installs the Temporal runtime with errors only (by default). Safe to call more than once. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = logLevel();
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      // faultline handles SIGINT and SIGTERM itself (it stops its run and its server first).
      shutdownSignals: [],
      telemetryOptions: { logging: { filter: { core: level, other: level } } },
    });
  } catch {
    // Already installed by someone else (e.g. a test harness): keep theirs.
  }
}

/** Path of the workflow bundle's entry, next to this file in dist/ or in the sources. */
export function workflowsEntryPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const name of ['workflows.js', 'workflows.ts']) {
    const candidate = join(here, '..', 'strategies', name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find strategies/workflows.(js|ts) next to ${here}`);
}

/** Bundles the workflow code once per process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundlePromise ??= bundleWorkflowCode({ workflowsPath: workflowsEntryPath(), logger: new DefaultLogger('ERROR') });
  return bundlePromise;
}
