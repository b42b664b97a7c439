/**
 * Every error the grader raises itself, one class with a `code`. A grader error means the grader
 * (or its inputs: rubric, overrides, arguments, the kit) is wrong; a student's failing or broken
 * submission is never a GraderError, it is a result.
 */

/** Codes of {@link GraderError}. */
export type GraderErrorCode =
  | 'E_RUBRIC_READ'
  | 'E_RUBRIC_INVALID'
  | 'E_OVERRIDES_READ'
  | 'E_OVERRIDES_INVALID'
  | 'E_RESULTS_VERSION'
  | 'E_RESULTS_INVALID'
  | 'E_SUBMISSION_NOT_FOUND'
  | 'E_CLASS_EMPTY'
  | 'E_REFERENCE_FAILED'
  | 'E_KIT_INCOMPLETE'
  | 'E_TEMPLATE'
  | 'E_USAGE'
  | 'E_SANDBOX'
  | 'E_RELEASE'
  | 'E_WRITE'
  | 'E_OUT_LOCKED'
  | 'E_INTERRUPTED'
  | 'E_SIMILARITY_UNAVAILABLE';

/** Thrown when the grader itself cannot go on; the message names the file or option and the fix. */
export class GraderError extends Error {
  readonly code: GraderErrorCode;
  constructor(code: GraderErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'GraderError';
  }
}
