import { Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { notFound } from '@app/domain';
import { getUnit, listUnits, READ_MODEL_STORE, ReadModelStore, UnitDoc } from '@app/read-models';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { IdParams } from '../../platform/http/params.dto';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { UnitDto, UnitListDto } from '../../platform/http/responses.dto';
import { Routes } from '../../platform/http/routes.decorator';

const unitView = ({ _id, name, kind, parentId }: UnitDoc) => ({ id: _id, name, kind, parentId });

/** Units are reference data: every authenticated caller may read them. */
@Routes('units', 'api/units')
export class UnitsController {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'All units (reference data, readable by every authenticated caller)' })
  @QueryAnswer(UnitListDto)
  async listUnits(@Query() _fresh: FreshQueryDto) {
    return { items: (await listUnits(this.store)).map(unitView) };
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One unit' })
  @QueryAnswer(UnitDto)
  async getUnit(@Param() { id }: IdParams, @Query() _fresh: FreshQueryDto) {
    const unit = await getUnit(this.store, id);
    if (!unit) throw notFound(`Unit ${id} does not exist.`);
    return unitView(unit);
  }
}
