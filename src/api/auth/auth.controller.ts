import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../config/app.config';
import { Allow, CurrentPrincipal, Public } from './access.decorator';
import { ROLES, type Principal, type Role } from './roles';

class PrincipalResponse {
  @ApiProperty({ example: 'token:3f2a9c0d1e4b5a6c' }) readonly id!: string;
  @ApiProperty({ example: ['inspector'], enum: ROLES, isArray: true }) readonly roles!: Role[];
  @ApiProperty({ example: ['heze'], nullable: true, type: [String], description: 'null: every region.' }) readonly regions!: string[] | null;
  @ApiProperty({ example: 'token', enum: ['token', 'oidc'] }) readonly source!: string;
}

class OidcSignIn {
  @ApiProperty({ example: 'https://id.example.gov.cn/realms/ybj' }) readonly issuer!: string;
  @ApiPropertyOptional({ example: 'benefits-ledger-console', nullable: true }) readonly clientId!: string | null;
}

class SignInOptionsResponse {
  @ApiProperty({ type: OidcSignIn, nullable: true, description: 'null: sign in with a service token only.' }) readonly oidc!: OidcSignIn | null;
}

/** Who am I (for the console, to show only what the role may see) and how to sign in. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly config: AppConfig) {}

  @Get('me')
  @Allow(...ROLES)
  @ApiOperation({ summary: 'The principal of the credential sent: id, roles and regions' })
  @ApiOkResponse({ type: PrincipalResponse })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return { id: principal.id, roles: principal.roles, regions: principal.regions, source: principal.source };
  }

  @Get('sign-in')
  @Public()
  @ApiOperation({ summary: 'How the console may sign in: a service token always, the OIDC issuer when one is configured' })
  @ApiOkResponse({ type: SignInOptionsResponse })
  signIn(): SignInOptionsResponse {
    const oidc = this.config.security.oidc;
    return { oidc: oidc === undefined ? null : { issuer: oidc.issuer, clientId: oidc.consoleClientId ?? null } };
  }
}
