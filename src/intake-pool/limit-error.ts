import { IntakeError } from '../intake/intake.types';

/**
 * What is already stored when a file passes a limit, because the message must say what happened to it:
 * nothing (an upload being checked or stored), the file as a batch item, or the report (a stored report's
 * scoring or text recognition, an assessment job).
 */
export type StoredBefore = 'nothing' | 'batch-item' | 'report';

const OUTCOME: Record<StoredBefore, { timeout: string; memory: string }> = {
  nothing: {
    timeout: '已停止，未保存任何内容：请检查文件是否异常，或另存为 .docx 或纯文本后上传。',
    memory: '已停止，未保存任何内容：请检查文件是否异常，或拆分后上传。',
  },
  'batch-item': {
    timeout: '已停止：该文件已随批次保存，但未生成评估，此项记为失败；请检查文件是否异常，或另存为 .docx 或纯文本后重新提交。',
    memory: '已停止：该文件已随批次保存，但未生成评估，此项记为失败；请检查文件是否异常，或拆分后重新提交。',
  },
  report: {
    timeout: '已停止：报告已保存、未受影响，本次评估记为失败；可在调高该上限后重新评分。',
    memory: '已停止：报告已保存、未受影响，本次评估记为失败；可在调高该上限后重新评分。',
  },
};

/** The 422 for a thread stopped at the time or memory limit, or undefined for any other error. */
export function limitError(error: unknown, limits: { timeoutMs: number; maxMemoryMb: number }, stored: StoredBefore): IntakeError | undefined {
  const e = error as { name?: string; code?: string } | null;
  if (e?.name === 'AbortError')
    return new IntakeError(422, `文件处理超过 ${limits.timeoutMs / 1000} 秒的时间上限（INTAKE_TIMEOUT_SECONDS），${OUTCOME[stored].timeout}`, 'INTAKE_TIMEOUT');
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new IntakeError(422, `文件处理所需内存超过 ${limits.maxMemoryMb} MB 的上限（INTAKE_MAX_MEMORY_MB），${OUTCOME[stored].memory}`, 'INTAKE_MEMORY_EXCEEDED');
  return undefined;
}
