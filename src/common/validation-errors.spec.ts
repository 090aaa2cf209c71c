import { IsInt, IsOptional, IsString, Length, Max, MaxLength, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { validationMessage } from './validation-errors';

class Sample {
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  text?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  org?: string;

  @IsOptional()
  @IsInt()
  @Max(200)
  limit?: number;
}

const messageFor = (body: Record<string, unknown>) => validationMessage(validateSync(plainToInstance(Sample, body)));

describe('validationMessage', () => {
  it('says what length a text field must have, in Chinese, for @Length too', () => {
    expect(messageFor({ org: 'x'.repeat(201) })).toBe('请求参数不符合要求：org 最长 200 个字符');
    expect(messageFor({ org: '' })).toBe('请求参数不符合要求：org 至少 1 个字符');
  });

  it('names only the kind when a value is of the wrong kind (its length or range does not apply)', () => {
    expect(messageFor({ text: 42 })).toBe('请求参数不符合要求：text 必须是文字');
    expect(messageFor({ limit: 'many' })).toBe('请求参数不符合要求：limit 必须是整数');
  });

  it('lists every field that fails, each once', () => {
    expect(messageFor({ text: 'x'.repeat(5001), limit: 201 })).toBe('请求参数不符合要求：text 最长 5000 个字符；limit 最大为 200');
  });
});
