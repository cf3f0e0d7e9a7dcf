// A node error decided inside the sandbox process; sent to the parent as { code, message }.
export class SandboxFailure extends Error {
  /**
   * @param {"SCRIPT_ERROR" | "TIMEOUT" | "MEMORY_LIMIT"} code
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = "SandboxFailure";
    this.code = code;
  }
}
