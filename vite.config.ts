import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** The web UI lives in src/web and builds into dist/web, which the server serves. */
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/api': 'http://localhost:8080', '/docs': 'http://localhost:8080' } },
})
