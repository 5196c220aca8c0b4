"use client";

import { useState } from "react";
import { toast } from "../toast";
import { Button } from "../ui";

/**
 * Downloads a list as CSV while showing how far it got: an export streams one
 * line per row, so counting lines against the list's total is the
 * progress (20,000 members take seconds; a bare link showed nothing meanwhile).
 */
export function ExportButton({
  href,
  total,
  noun = "members",
  filename = "members.csv",
}: {
  href: string;
  total: number;
  /** What a line is, plural ("events"). */
  noun?: string;
  filename?: string;
}) {
  const [rows, setRows] = useState<number | null>(null);

  async function run() {
    setRows(0);
    try {
      const res = await fetch(href);
      if (!res.ok || !res.body) {
        const body = await res.json().catch(() => ({}));
        throw new Error(body.error ?? `The export failed (HTTP ${res.status})`);
      }
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (const byte of value) if (byte === 10) lines++;
        setRows(Math.max(0, lines - 1)); // the first line is the header
      }
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast.success(`Exported ${Math.max(0, lines - 1).toLocaleString("en")} ${noun}`);
    } catch (e) {
      toast.error((e as Error).message);
    } finally {
      setRows(null);
    }
  }

  const share = rows !== null && total > 0 ? Math.min(100, Math.round((rows / total) * 100)) : 0;
  return (
    <div className="ml-auto flex items-center gap-2">
      {rows !== null && (
        <span role="status" className="flex items-center gap-2 text-sm" data-testid="export-progress">
          <progress max={100} value={share} className="h-2 w-24" aria-label="Export progress" />
          Exporting… {rows.toLocaleString("en")} of {total.toLocaleString("en")}
        </span>
      )}
      <Button onClick={run} disabled={rows !== null}>
        Export CSV
      </Button>
    </div>
  );
}
