import { Module } from '@nestjs/common';
import { FeedController } from './feed.controller';
import { FeedService, FeedSettings } from './feed.service';

/** `GET /feed` (pages) and `GET /feed/stream` (SSE), straight from the store's global order. */
@Module({
  controllers: [FeedController],
  providers: [FeedService, FeedSettings],
})
export class FeedModule {}
