/**
 * Suites that need programs from Debian's packages (LibreOffice, pandoc, Chromium) call this: locally
 * a missing program skips the suite with a loud notice naming the install command; under CI nothing
 * may skip, so it fails instead.
 */
import { execFileSync } from 'node:child_process';

export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** True when every command exists; otherwise warns (locally) or throws (CI). */
export function requireCommands(suite: string, commands: readonly string[], installCommand: string): boolean {
  const missing = commands.filter((command) => !hasCommand(command));
  if (missing.length === 0) return true;
  const message = `${suite}: missing ${missing.join(', ')}. Install with: ${installCommand}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPED ${message}\n${'!'.repeat(100)}\n`);
  return false;
}
