import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** The suites that need programs from Debian's packages (LibreOffice, pandoc, poppler). */
export default defineConfig({ ...base, test: { ...base.test, include: ['test/documents/**/*.test.ts'] } });
