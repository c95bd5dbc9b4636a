import { Global, Module } from '@nestjs/common';
import { KeyRing } from './key-ring.js';

/** Crypto-shredding keys (KEYS_DIR), available to every module: repositories seal personal data with them. */
@Global()
@Module({ providers: [KeyRing], exports: [KeyRing] })
export class CryptoModule {}
