import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG } from '../config/app-options';
import type { AppConfig } from '../config/app-config';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { KeyThrottlerGuard } from './key-throttler.guard';

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => [{ name: 'per-key', ttl: 60_000, limit: config.rateLimitPerMinute }],
    }),
  ],
  controllers: [ApiKeysController],
  // throttling first, so a flood of bad keys is cut off before each costs a database look-up
  providers: [ApiKeysService, { provide: APP_GUARD, useClass: KeyThrottlerGuard }, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeysService],
})
export class AuthModule {}
