import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadAppConfig } from './app-config';
import { APP_CONFIG, APP_OPTIONS, AppOptions } from './app-options';

/**
 * @nestjs/config validates the environment with the same function main.ts used, so a process built some
 * other way (tests, the CLI) cannot start on a bad value either.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          validate: (env) => {
            loadAppConfig(env as NodeJS.ProcessEnv);
            return env;
          },
        }),
      ],
      providers: [
        { provide: APP_OPTIONS, useValue: options },
        { provide: APP_CONFIG, useValue: options.config },
      ],
      exports: [APP_OPTIONS, APP_CONFIG],
    };
  }
}
