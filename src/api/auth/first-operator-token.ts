import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../../config/app.config';
import { createPrivateFile } from '../../security/private-files';
import { Authenticator } from './authenticator';

/** The file (0600, in DATA_DIR) that receives the first operator token's secret. */
export const OPERATOR_TOKEN_FILE = 'operator-token';

/**
 * On the first start on a data directory without tokens, creates one operator token and writes its
 * secret to `DATA_DIR/operator-token` (0600), logging the file's path, never the secret. A newcomer
 * running `npm start` can then call the API (`Authorization: Bearer $(cat data/operator-token)`),
 * create narrower tokens with the CLI, and delete the file.
 */
@Injectable()
export class FirstOperatorToken implements OnModuleInit {
  private readonly logger = new Logger('Access');

  constructor(
    private readonly config: AppConfig,
    private readonly authenticator: Authenticator,
  ) {}

  onModuleInit(): void {
    const tokens = this.authenticator.tokens;
    if (!tokens.isEmpty()) return;
    const path = join(this.config.dataDir, OPERATOR_TOKEN_FILE);
    const { token, summary } = tokens.create({ name: 'first-operator', roles: ['operator'], regions: null });
    if (!createPrivateFile(path, `${token}\n`)) {
      tokens.revoke(summary.id);
      throw new Error(`${path} already exists but the data directory has no tokens: move it away and start again`);
    }
    this.logger.log(`first start: an operator token (id ${summary.id}) was written to ${path} (mode 0600); see docs/security.md`);
  }
}
