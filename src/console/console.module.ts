import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where `vite build` writes the web console (web/ → web/dist), the same from src/ under ts-jest and from dist/. */
export const CONSOLE_DIR = path.resolve(__dirname, '..', '..', 'web', 'dist');

/**
 * The page paths of the console: `/` (self-check) and `/console/…` (review). Only these fall back to index.html;
 * every other unknown path stays a 404 JSON from the API, so a typo in an API call is never answered with HTML.
 */
export const CONSOLE_PAGES = /^\/(?:console(?:\/.*)?)?$/;

/** Serves the built console on the API's port; absent (and `/` a 404) when the console has not been built. */
@Module({})
export class ConsoleModule {
  static forRoot(dir = CONSOLE_DIR): DynamicModule {
    if (!fs.existsSync(path.join(dir, 'index.html'))) return { module: ConsoleModule };
    return {
      module: ConsoleModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: dir,
          renderPath: CONSOLE_PAGES,
          serveStaticOptions: {
            index: false,
            // hashed asset names never change; index.html is asked for again so a new build is picked up
            setHeaders: (res: { setHeader(name: string, value: string): void }, file: string) =>
              res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
          },
        }),
      ],
    };
  }
}
