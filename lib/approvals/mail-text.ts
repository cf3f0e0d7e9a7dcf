// The approval mail: plain text and a small HTML version (inline styles, as mail clients want).

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function approvalMail(m: { kind: "approval" | "human_input"; workflowName: string; message: string; url: string; expiresAt: Date | null }): { subject: string; text: string; html: string } {
  const asking = m.kind === "approval" ? "Approval needed" : "Input needed";
  const action = m.kind === "approval" ? "Review and decide" : "Open the form";
  const until = m.expiresAt ? `This link works once, until ${m.expiresAt.toUTCString()}.` : "This link works once.";
  const subject = `${asking}: ${m.workflowName}`.slice(0, 200);
  const text = [`${asking} in "${m.workflowName}".`, "", m.message, "", `${action}: ${m.url}`, "", until, "Opening the link does not decide anything."].join("\n");
  const html = `<div style="font-family:system-ui,sans-serif;max-width:520px;color:#18181b">
<p style="font-size:13px;color:#71717a;margin:0 0 8px">${escapeHtml(m.workflowName)}</p>
<h1 style="font-size:18px;margin:0 0 12px">${asking}</h1>
<p style="font-size:14px;line-height:1.5;white-space:pre-wrap;margin:0 0 20px">${escapeHtml(m.message)}</p>
<p><a href="${escapeHtml(m.url)}" style="display:inline-block;background:#4f46e5;color:#fff;text-decoration:none;padding:10px 16px;border-radius:8px;font-weight:600;font-size:14px">${action}</a></p>
<p style="font-size:12px;color:#71717a;margin-top:20px">${escapeHtml(until)} Opening the link does not decide anything.</p>
</div>`;
  return { subject, text, html };
}
