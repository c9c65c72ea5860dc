import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SimulationJobs, type SimulationJob } from '../../simulation/simulation-jobs';
import { Allow, CurrentPrincipal } from '../auth/access.decorator';
import { mayAccessRegion, RegionScope } from '../auth/region-scope';
import type { Principal } from '../auth/roles';
import { ApiErrorResponses } from '../common/api-error-responses.decorator';
import { asPackRefusal } from '../ledger/policy-source';
import { StartSimulationDto } from './simulation.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Policy impact simulations (测算): price a draft pack on the recorded population; nothing is appended. */
@ApiTags('simulations')
@Allow('policy-admin', 'operator')
@Controller('simulations')
export class SimulationsController {
  constructor(
    private readonly jobs: SimulationJobs,
    private readonly scope: RegionScope,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a simulation of a draft pack over the recorded claims of a region and year',
    description: 'The draft is validated at once (422 with every problem); the simulation then runs in the background. Poll GET /simulations/{id}.',
  })
  @ApiResponse({ status: 202, description: 'Started: the running simulation, with its id.' })
  @ApiErrorResponses(400, 409, 422)
  async start(@Body() body: StartSimulationDto, @CurrentPrincipal() principal: Principal | undefined): Promise<SimulationJob> {
    // A credential limited to regions prices drafts on its own regions' recorded claims only.
    this.scope.assertRegion(principal, body.region);
    const input = { packText: body.pack, region: body.region, year: body.year, ...(body.againstYear === undefined ? {} : { againstYear: body.againstYear }) };
    try {
      return await this.jobs.start(input, principal?.id ?? 'anonymous');
    } catch (error) {
      throw asPackRefusal(error);
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'A simulation: its status and progress, and its report once done' })
  @ApiErrorResponses(404)
  read(@Param('id') id: string, @CurrentPrincipal() principal: Principal | undefined): SimulationJob {
    return this.visible(id, principal);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel a running simulation (a finished one is left as it is)' })
  @ApiErrorResponses(404)
  async cancel(@Param('id') id: string, @CurrentPrincipal() principal: Principal | undefined): Promise<SimulationJob> {
    // Checked before cancelling: a caller of another region must neither stop the job nor learn it exists.
    this.visible(id, principal);
    return this.found(id, await this.jobs.cancel(id));
  }

  /**
   * The simulation, if the caller may see its region: one of another region is answered exactly like
   * an unknown one (404), as `start` refuses such a region, so a region-limited caller learns nothing
   * of the drafts priced elsewhere.
   */
  private visible(id: string, principal: Principal | undefined): SimulationJob {
    const job = this.found(id, this.jobs.get(UUID.test(id) ? id : ''));
    return mayAccessRegion(principal, job.region) ? job : this.found(id, null);
  }

  private found(id: string, job: SimulationJob | null): SimulationJob {
    if (!job) throw new NotFoundException(`simulation ${id} is not known (finished simulations are kept for a while only)`);
    return job;
  }
}
