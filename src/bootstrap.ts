import { INestApplication, Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, type ServiceOptions } from './app.module';
import { verifyJsonShape } from './common/json-shape';
import { answerMalformedRequests } from './common/malformed-requests';
import { RequestDrain } from './common/request-drain';
import { validationFailed } from './common/validation-errors';
import { ConsoleModule } from './console/console.module';
import { ConfigError, loadAppConfig, type AppConfig } from './config/app-config';
import { resolveQueueMode } from './config/queue-mode';
import { DEFAULT_RUBRIC_DIR, loadRubricDirectory, type RubricRegistry } from './rubric/rubric-loader';

/** Reads the environment, or stops the process with one line naming the variable. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Loads and validates the rubrics before anything else starts: a bad file stops the process in one line. */
export function rubricsOrExit(config: AppConfig): RubricRegistry {
  try {
    return loadRubricDirectory(config.rubricDir ?? DEFAULT_RUBRIC_DIR);
  } catch (error) {
    process.stderr.write(`${(error as Error).message.replace(/\s+/g, ' ')}\n`);
    process.exit(1);
  }
}

export async function appOptions(config: AppConfig, worker: boolean): Promise<ServiceOptions> {
  const rubrics = rubricsOrExit(config);
  const queueMode = await resolveQueueMode(config, (line) => process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: line })}\n`));
  return { config, queueMode, worker, rubrics };
}

/** The service plus the web console's static files: only an HTTP process serves them (workers and the CLI do not). */
@Module({ providers: [RequestDrain] })
class HttpAppModule {}

/** The HTTP app as main.ts serves it; e2e tests build it the same way. */
export async function createHttpApp(options: ServiceOptions): Promise<INestApplication> {
  const root = { module: HttpAppModule, imports: [AppModule.forRoot(options), ConsoleModule.forRoot()] };
  const app = await NestFactory.create<NestExpressApplication>(root, { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  answerMalformedRequests(app.getHttpServer());
  app.use(app.get(RequestDrain).middleware);
  const limit = `${options.config.maxUploadMb}mb`;
  app.useBodyParser('json', { limit, verify: verifyJsonShape });
  app.useBodyParser('urlencoded', { limit, extended: false });
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationFailed }));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fazhi Scorecard')
      .setDescription('Scores annual reports on 法治政府建设 against the 2021—2025 outline: reports, score cards, gap lists, batches.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
