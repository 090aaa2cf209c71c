/**
 * Job ids come from the content and the rubric, so a re-submission or a retry never scores twice;
 * `generation` is bumped only when a rescore is asked for. BullMQ forbids ':' in custom ids.
 */
export function scoringJobId(sha256: string, reportId: string, rubricRef: string, profile: string, generation: number): string {
  return ['score', sha256.slice(0, 16), reportId, rubricRef, profile, `g${generation}`].join('.').replace(/:/g, '_');
}
