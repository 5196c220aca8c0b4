"use client";

import { Button } from "../ui";

/** Codes shown once: the person saves them now (copy or download), or makes new ones later. */
export function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = `Roster recovery codes (each works once)\n\n${codes.join("\n")}\n`;
  return (
    <div
      data-testid="recovery-codes"
      className="space-y-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-700 dark:bg-emerald-950"
    >
      <p className="text-sm font-medium">
        Save these recovery codes somewhere safe. Each signs you in once if you lose your authenticator. They are shown
        only now.
      </p>
      <ul className="grid grid-cols-2 gap-1 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => void navigator.clipboard?.writeText(text)}>Copy</Button>
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="roster-recovery-codes.txt"
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900"
        >
          Download
        </a>
        <Button variant="primary" onClick={onDone}>
          I saved them
        </Button>
      </div>
    </div>
  );
}
