import type { Command } from 'commander';
import { validateEnvironment } from '../../config/app.config';
import { securePrivateDirectory } from '../../security/private-files';
import { TokenInputError, TokenStore, type NewToken, type TokenSummary } from '../../security/token-store';
import { processCommandOutput, type CommandOutput, type Environment } from './projections-environment';

/** Exit code for refused input (an unknown role, a bad region, no such token). */
export const EXIT_USAGE = 2;

export interface CreateTokenOptions {
  readonly role: readonly string[];
  readonly region?: readonly string[];
  readonly name: string;
  readonly json?: boolean;
}

/** The token store of the data directory the service uses (DATA_DIR), made owner-only first. */
const storeOf = (env: Environment): TokenStore => {
  const { dataDir } = validateEnvironment(env);
  securePrivateDirectory(dataDir, []);
  return new TokenStore(dataDir);
};

const refusal = (output: CommandOutput, error: unknown): number => {
  if (!(error instanceof TokenInputError)) throw error;
  output.stderr(`${error.message}\n`);
  return EXIT_USAGE;
};

/** `tokens create`: prints the secret once (stdout, so it can be piped into a secret store) and the summary on stderr. */
export const createTokenCommand = (options: CreateTokenOptions, env: Environment = process.env, output: CommandOutput = processCommandOutput()): number => {
  try {
    const regions = options.region === undefined || options.region.length === 0 ? null : options.region.flatMap(splitList);
    const { token, summary } = storeOf(env).create({ name: options.name, roles: options.role.flatMap(splitList) as NewToken['roles'], regions });
    if (options.json === true) output.stdout(`${JSON.stringify({ token, ...summary }, null, 2)}\n`);
    else {
      output.stdout(`${token}\n`);
      output.stderr(`created ${describe(summary)}\nThe secret above is shown once: it is stored only as a hash.\n`);
    }
    return 0;
  } catch (error: unknown) {
    return refusal(output, error);
  }
};

export const listTokensCommand = (options: { readonly json?: boolean }, env: Environment = process.env, output: CommandOutput = processCommandOutput()): number => {
  const tokens = storeOf(env).list();
  output.stdout(options.json === true ? `${JSON.stringify(tokens, null, 2)}\n` : tokens.map((token) => `${describe(token)}\n`).join('') || 'no tokens\n');
  return 0;
};

export const revokeTokenCommand = (idOrName: string, env: Environment = process.env, output: CommandOutput = processCommandOutput()): number => {
  try {
    const revoked = storeOf(env).revoke(idOrName);
    if (revoked === null) {
      output.stderr(`no live token has the id or name "${idOrName}"\n`);
      return EXIT_USAGE;
    }
    output.stdout(`revoked ${describe(revoked)}\n`);
    return 0;
  } catch (error: unknown) {
    return refusal(output, error);
  }
};

const splitList = (text: string): string[] => text.split(',').map((part) => part.trim()).filter((part) => part !== '');

const describe = (token: TokenSummary): string =>
  `${token.id}  ${token.name}  roles=${token.roles.join(',')}  regions=${token.regions === null ? '*' : token.regions.join(',')}  created=${token.createdAt}${token.revokedAt === null ? '' : `  REVOKED=${token.revokedAt}`}`;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const registerTokensCommand = (program: Command): void => {
  const tokens = program.command('tokens').description('Service tokens of the embedded credential store (DATA_DIR/tokens.json); see docs/security.md');
  tokens
    .command('create')
    .description('Create a token and print its secret once')
    .requiredOption('--role <role>', 'a role (repeat or comma-separate for several): registrar, claims-feeder, inspector, consumer, policy-admin, operator', collect)
    .option('--region <region>', 'limit the token to a region (repeat for several); every region when omitted', collect)
    .requiredOption('--name <name>', 'who or what holds the token, e.g. "heze-inspection-desk"')
    .option('--json', 'print the token and its summary as JSON')
    .action((options: CreateTokenOptions) => {
      process.exitCode = createTokenCommand(options);
    });
  tokens
    .command('list')
    .description('List tokens (never their secrets)')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) => {
      process.exitCode = listTokensCommand(options);
    });
  tokens
    .command('revoke')
    .description('Revoke a token by id (or by name when unique); it stops working at once, also in a running service')
    .argument('<id-or-name>')
    .action((idOrName: string) => {
      process.exitCode = revokeTokenCommand(idOrName);
    });
};
