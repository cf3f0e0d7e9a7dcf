ALTER TABLE "workflows" ADD COLUMN "mcp_tool" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workflows" ADD COLUMN "mcp_description" text;