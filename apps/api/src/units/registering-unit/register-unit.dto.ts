import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '@app/domain';

export class RegisterUnitDto {
  @ApiProperty({ example: 'td66' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;

  @ApiProperty({ example: 'Trung đoàn 66' }) @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'regiment' }) @IsString() @Length(1, 50)
  kind!: string;

  @ApiPropertyOptional({ example: 'daklak-bcd' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentId?: string;
}
