/**
 * Outgoing mail. Every message is recorded in the outbox table (the workflow owner reads it in
 * the app); with SMTP_URL set it is also sent over SMTP (nodemailer) and marked sent, or keeps
 * the error. Mail never fails a run: a broken server is reported on the message.
 */
import { eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { outbox, type OutboxMessage } from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { newToken } from "./tokens";

export interface Mail {
  ownerId: string;
  /** The run that asked for it (approvals, inputs); none for a workspace invitation. */
  runId?: string | null;
  /** Default: the owner's personal workspace. */
  workspaceId?: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

let transport: { url: string; transporter: Transporter } | undefined;

function smtp(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  return transport.transporter;
}

export const mailFrom = () => process.env.MAIL_FROM || "FlowMaestro <flowmaestro@localhost>";

/**
 * Records the message in the outbox, then (with SMTP configured) sends it in the background:
 * a slow or broken mail server never holds up the run that asked for the mail.
 */
export async function queueMail(db: Db, mail: Mail): Promise<OutboxMessage> {
  const [row] = await db
    .insert(outbox)
    .values({ id: `mail_${newToken().slice(0, 22)}`, ownerId: mail.ownerId, workspaceId: mail.workspaceId, runId: mail.runId ?? null, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null })
    .returning();
  if (smtp()) void deliver(db, row);
  return row;
}

/** Sends one recorded message over SMTP and marks it sent (or keeps the error on it). */
export async function deliver(db: Db, row: OutboxMessage): Promise<OutboxMessage> {
  const transporter = smtp();
  if (!transporter) return row;
  const mail = row;
  try {
    await transporter.sendMail({ from: mailFrom(), to: mail.to, subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}) });
    const [sent] = await db.update(outbox).set({ sentAt: new Date(), error: null }).where(eq(outbox.id, row.id)).returning();
    return sent ?? row;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[mail] could not send to ${mail.to}: ${message}`);
    const [failed] = await db.update(outbox).set({ error: message.slice(0, 500) }).where(eq(outbox.id, row.id)).returning();
    return failed ?? row;
  }
}
