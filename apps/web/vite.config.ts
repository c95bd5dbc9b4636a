import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);
const FONT = 'Noto Sans Regular';

/**
 * Ships the map label glyphs (from tileserver-gl-styles) with the app at /glyphs/<font>/<range>.pbf,
 * so zone names render with the offline basemap and no font server.
 */
function mapGlyphs(): Plugin {
  const source = path.resolve(root, '../../node_modules/tileserver-gl-styles/fonts', FONT);
  return {
    name: 'centinela-map-glyphs',
    configureServer(server) {
      server.middlewares.use('/glyphs', (req, res, next) => {
        const file = path.join(source, '..', decodeURIComponent(req.url ?? '').replace(/^\//, ''));
        if (!file.startsWith(path.dirname(source)) || !existsSync(file)) {
          next();
          return;
        }
        res.setHeader('content-type', 'application/x-protobuf');
        res.end(readFileSync(file));
      });
    },
    writeBundle(options) {
      cpSync(source, path.join(options.dir!, 'glyphs', FONT), { recursive: true });
    },
  };
}

const COMPRESSIBLE = /\.(js|mjs|css|html|json|svg|webmanifest|pbf|txt)$/;

/**
 * Brotli and gzip copies of every compressible file, made once at build: the server sends the smallest the
 * browser accepts (@fastify/static's preCompressed) without compressing on each request.
 */
function precompress(): Plugin {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  return {
    name: 'centinela-precompress',
    apply: 'build',
    closeBundle: {
      order: 'post',
      handler() {
        for (const file of walk(path.join(root, 'dist'))) {
          if (!COMPRESSIBLE.test(file) || statSync(file).size < 1024) continue;
          const raw = readFileSync(file);
          writeFileSync(
            `${file}.br`,
            brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
          );
          writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
        }
      },
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), mapGlyphs(), precompress()],
  resolve: {
    alias: {
      '@centinela/contracts': path.resolve(root, '../../libs/contracts/src/index.ts'),
      '@centinela/geo': path.resolve(root, '../../libs/geo/src/index.ts'),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in production: they would publish the source and cost bytes; `vite build --sourcemap` for debugging.
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      // The service worker is its own entry, emitted as /sw.js so its scope is the whole app.
      input: { main: path.resolve(root, 'index.html'), sw: path.resolve(root, 'src/sw.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'http://localhost:3000', ws: true } },
  },
});
