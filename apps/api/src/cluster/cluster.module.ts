import { Global, Module } from '@nestjs/common';
import { ClusterChannel } from './cluster-channel.js';

/** What keeps several API processes on one database in step (LISTEN/NOTIFY), available to every module. */
@Global()
@Module({ providers: [ClusterChannel], exports: [ClusterChannel] })
export class ClusterModule {}
