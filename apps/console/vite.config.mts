import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Served by the API under /console (apps/api/src/console-static.ts); `npm run build` writes dist/console.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: { outDir: '../../dist/console', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx'],
  },
});
