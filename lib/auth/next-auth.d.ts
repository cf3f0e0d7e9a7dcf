// What FlowMaestro adds to Auth.js sessions (see session-version.ts). Token claims need no
// declaration: Auth.js types the JWT as a record of unknowns.
import "next-auth";

declare module "next-auth" {
  interface Session {
    /** The session version the token was issued with. */
    sessionVersion?: number;
  }
}
