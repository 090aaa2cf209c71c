import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';

/** Not global: the features that look up organisations or keys import it; AuthGuard applies to every route all the same (APP_GUARD). */
@Module({
  controllers: [ApiKeysController],
  // AuthGuard applies the rate limits too: after authentication, so that a budget belongs to a real key
  providers: [ApiKeysService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeysService],
})
export class AuthModule {}
