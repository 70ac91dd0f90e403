import { readFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, transformWithOxc, type Plugin, type Rollup } from 'vite'

const SW_SOURCE = fileURLToPath(new URL('./src/web/sw.ts', import.meta.url))

/**
 * Builds src/web/sw.ts into /sw.js with the list of files the gate scanner needs offline: the
 * entry and the gate page with every chunk they import, their CSS, the zxing wasm, index.html.
 * The resident's /me page is precached too: its codes must show after a reload without a network
 * even on the first visit. Other pages' chunks (ECharts on Home) are cached only once visited, so
 * a guard's phone does not download them up front.
 */
function serviceWorker(): Plugin {
  return {
    name: 'gridline-service-worker',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk')
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
      const entry = chunks.find((chunk) => chunk.isEntry)
      const gate = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/scenes/Gate/GatePage.tsx'))
      if (!entry || !gate) this.error('service worker: the entry or the GatePage chunk is missing')
      const files = new Set<string>(['index.html'])
      // The entry's dynamic imports are the other pages: skipped. The gate's are what it may load
      // while offline (the X.509 parser for DCC certificates in a trust list): followed.
      const visit = (chunk: Rollup.OutputChunk, followDynamic: boolean) => {
        if (files.has(chunk.fileName)) return
        files.add(chunk.fileName)
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css)
        for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset)
        for (const imported of [...chunk.imports, ...(followDynamic ? chunk.dynamicImports : [])]) {
          const next = byName.get(imported)
          if (next) visit(next, followDynamic)
        }
      }
      visit(gate, true)
      const me = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/scenes/Me/MePage.tsx'))
      if (!me) this.error('service worker: the MePage chunk is missing')
      visit(me, false)
      visit(entry, false)
      if (![...files].some((file) => file.endsWith('.wasm'))) this.error('service worker: the zxing wasm is not in the gate chunks')
      this.addWatchFile(SW_SOURCE)
      const { code } = await transformWithOxc(readFileSync(SW_SOURCE, 'utf8'), SW_SOURCE, { lang: 'ts' })
      const precache = JSON.stringify([...files].sort().map((file) => `/${file}`))
      if (!code.includes('self.__GL_PRECACHE')) this.error('service worker: placeholder self.__GL_PRECACHE not found')
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code.replace('self.__GL_PRECACHE', precache) })
    },
  }
}

const COMPRESSIBLE = /\.(js|css|html|svg|json|wasm|webmanifest|txt)$/

/**
 * Writes a Brotli and a gzip copy next to every text or wasm file of the build; the server sends
 * the one the browser accepts (@fastify/static preCompressed). Compressed once here at the
 * highest levels instead of on every request: the gate's first visit on a slow network is mostly
 * these bytes.
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress)
  const gz = promisify(gzip)
  return {
    name: 'gridline-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir!
      await Promise.all(
        Object.keys(bundle)
          .filter((fileName) => COMPRESSIBLE.test(fileName))
          .map(async (fileName) => {
            const path = join(outDir, fileName)
            const bytes = await readFile(path)
            if (bytes.length < 1024) return
            const [br, gzipped] = await Promise.all([
              brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
              gz(bytes, { level: 9 }),
            ])
            await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gzipped)])
          }),
      )
    },
  }
}

/** The web UI lives in src/web and builds into dist/web, which the server serves. */
export default defineConfig({
  root: 'src/web',
  plugins: [react(), serviceWorker(), precompress()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/api': 'http://localhost:8080', '/docs': 'http://localhost:8080' } },
})
