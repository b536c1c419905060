// The carer's report that a nurse's follow-up task is done (「「2時間後に再検温」を行いました。」),
// structured like the nurse's templates (issue 15): the message's `completes` names the
// follow-up it reports on — that is the code — and its body is the Japanese sentence the nurse
// and the API read. Each other reader sees the sentence in their own language, with the task
// as the nurse wrote it. Whatever follows the sentence is the carer's free text.

/** The Japanese body of the report on `task` (what the nurse reads and the server stores). */
export function followUpReportJa(task: string): string {
  return `「${task}」を行いました。`;
}

/**
 * A report message split into the task it reports on and the free text after the sentence;
 * null when the message reports on nothing, the follow-up is not known, or its body no longer
 * starts with the sentence (then the whole body is free text).
 */
export function splitReportBody(
  m: { body?: string | undefined; completes?: string | undefined },
  followUps: readonly { id: string; followUp?: { task: string } | undefined; lang?: string | undefined }[],
): { task: string; taskLang: string | undefined; free: string } | null {
  if (!m.completes) return null;
  const asked = followUps.find((f) => f.id === m.completes);
  const task = asked?.followUp?.task;
  if (task === undefined) return null;
  const ja = followUpReportJa(task);
  const body = m.body ?? '';
  if (!body.startsWith(ja)) return null;
  return { task, taskLang: asked?.lang, free: body.slice(ja.length).trim() };
}
