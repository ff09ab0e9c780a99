/** Capturing what the code logs, for tests that check it. */
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Captures every line written to the console by the tests of the calling `describe`, at the given log level; the
 * returned array is emptied before each test.
 */
export function captureLogLines(level: 'debug' | 'info'): string[] {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    vi.stubEnv('LOG_LEVEL', level);
    for (const method of ['log', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((line: string) => {
        lines.push(String(line));
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });
  return lines;
}
