"use client";

import { type ReactNode, useRef } from "react";
import { Button } from "./ui";

/** A button that asks first, in a real modal dialog (focus-trapped, Escape closes). */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  variant = "danger",
  disabled,
  ariaLabel,
}: {
  label: ReactNode;
  /** The trigger's accessible name when its label alone is ambiguous (a row's "Deny"). */
  ariaLabel?: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  variant?: "danger" | "secondary" | "primary";
  disabled?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button
        variant={variant === "danger" ? "secondary" : variant}
        disabled={disabled}
        aria-label={ariaLabel}
        onClick={() => dialog.current?.showModal()}
      >
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-label={question}
        className="m-auto w-[min(28rem,90vw)] rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <p className="text-sm font-medium">{question}</p>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => dialog.current?.close()}>Cancel</Button>
          <Button
            variant={variant}
            onClick={() => {
              dialog.current?.close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
