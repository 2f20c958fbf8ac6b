import { startPlatform, StartupRefusedError } from './platform/boot.ts';
import { ConfigError, loadSettings } from './platform/config.ts';
import { DataDirLockedError } from './platform/data-lock.ts';
import { modules } from './modules.ts';

async function main(): Promise<void> {
  const settings = loadSettings();
  const platform = await startPlatform(settings, modules);
  const publicUrl = settings.publicUrl;
  process.stdout.write(
    `\nGiáo Dục Số is ready at ${publicUrl} (${platform.database.kind === 'pglite' ? `embedded database in ${settings.dataDir}` : 'PostgreSQL server'}${settings.demo ? ', demo province' : ''}).\nAPI reference: ${publicUrl}/api/docs — stop with Ctrl+C.\n\n`,
  );
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl+C while stopping means "now".
    process.once(signal, () => process.exit(130));
    const timer = setTimeout(() => {
      process.stderr.write('Stop took longer than 15 s; exiting anyway.\n');
      process.exit(1);
    }, 15_000);
    timer.unref();
    platform.stop(signal).then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`Error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof StartupRefusedError) {
    process.stderr.write(`\n${err.message}\n\n`);
  } else {
    process.stderr.write(`\nGiáo Dục Số could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n\n`);
  }
  process.exit(1);
});
